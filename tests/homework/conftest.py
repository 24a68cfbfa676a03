"""Answers the homework tests send; the homework factories live in tests/factories.py."""

SAY_IT_ANSWERS = {
    "f-trigger": "He was late and did not text",
    "f-urge_before": "8",
    "f-feelings": ["anxious", "scared_of_being_left"],
    "f-i_statement-when": "you were late and I didn't hear from you",
    "f-i_statement-felt": "scared",
    "f-i_statement-ask": "send a quick text when plans change",
    "f-said_it": "yes",
    "f-how_it_went": "He said sorry and that he would",
    "f-urge_after": "3",
}
