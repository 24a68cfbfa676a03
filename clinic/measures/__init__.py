"""Questionnaires: administered in session or sent by share link, scored, and read for change."""
