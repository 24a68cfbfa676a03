"""Long unbroken runs of text get break opportunities before WeasyPrint sees them."""

from clinic.pdf.renderer import ZERO_WIDTH_SPACE, with_break_opportunities


def test_a_long_word_gets_a_zero_width_space_every_forty_characters():
    html = with_break_opportunities("<p>" + "x" * 100 + "</p>")

    assert html == "<p>" + ZERO_WIDTH_SPACE.join(["x" * 40, "x" * 40, "x" * 20]) + "</p>"


def test_ordinary_words_and_tags_are_left_alone():
    html = '<p class="note">A sentence of ordinary words.</p><img src="data:' + "y" * 500 + '">'

    assert with_break_opportunities(html) == html


def test_an_escaped_entity_is_never_split():
    run = "&lt;" * 100

    broken = with_break_opportunities(f"<td>{run}</td>")

    assert broken.replace(ZERO_WIDTH_SPACE, "") == f"<td>{run}</td>"
    assert all(piece.count("&") == piece.count(";") for piece in broken.split(ZERO_WIDTH_SPACE))
