// "Copy" buttons next to read-only fields (the share link).
document.querySelectorAll("[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var input = document.getElementById(button.getAttribute("data-copy"));
    input.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard) { navigator.clipboard.writeText(input.value).then(done); }
    else { document.execCommand("copy"); done(); }
  });
});
