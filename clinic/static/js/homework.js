// Progressive enhancement for the client's homework page; everything works without it.
(function () {
  "use strict";

  function assemble(when, felt, ask) {
    var clean = function (s) { return s.trim().replace(/[.?!,]+$/, ""); };
    when = clean(when); felt = clean(felt); ask = clean(ask);
    var parts = [];
    if (when || felt) { parts.push("When " + (when || "…") + ", I felt " + (felt || "…") + "."); }
    if (ask) { parts.push("Could you " + ask + "?"); }
    return parts.join(" ");
  }

  document.querySelectorAll("[data-i-statement]").forEach(function (group) {
    var name = group.getAttribute("data-i-statement");
    var output = group.querySelector("[data-i-statement-output]");
    var inputs = ["when", "felt", "ask"].map(function (part) {
      return document.getElementById(name + "-" + part);
    });
    var update = function () {
      var sentence = assemble(inputs[0].value, inputs[1].value, inputs[2].value);
      output.textContent = sentence || "Fill in the three parts to see your sentence here.";
    };
    inputs.forEach(function (input) { input.addEventListener("input", update); });
  });

  // A second tap while the first submission is on its way is ignored (the server would
  // recognise it anyway); the pressed button's value still goes with the form.
  document.querySelectorAll("form.homework-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.dataset.sending) { return; }
      form.dataset.sending = "1";
      setTimeout(function () {
        form.querySelectorAll(".homework-actions button").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
