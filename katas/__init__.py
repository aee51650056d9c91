"""Learner files: one stub per kata. Edit these."""
