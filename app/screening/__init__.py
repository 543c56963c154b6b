"""Questionnaires and the interview engine: loading, validating, scoring, walking."""
