"""Answers the measure tests send, as form data (item key → option value)."""

import pytest

from clinic.config import PROJECT_ROOT
from clinic.content.loader import load_content

MEASURES = load_content(PROJECT_ROOT / "content").measures
PHQ9_KEYS = [item.key for item in MEASURES["phq-9"].items]


def phq9_form(*values: int, **extra: str) -> dict[str, str]:
    """PHQ-9 answers in item order as form data; fewer values leave the last items blank."""
    return {key: str(value) for key, value in zip(PHQ9_KEYS, values, strict=False)} | extra


# 2 + 3 + 1 + 2 + 0 + 1 + 2 + 0 + 0 = 11, "Moderate"; item 9 "Not at all".
PHQ9_ELEVEN = phq9_form(2, 3, 1, 2, 0, 1, 2, 0, 0)
# The same with item 9 "Several days": 12, "Moderate".
PHQ9_ITEM9 = phq9_form(2, 3, 1, 2, 0, 1, 2, 0, 1)


@pytest.fixture
def phq9_eleven() -> dict[str, str]:
    return dict(PHQ9_ELEVEN)
