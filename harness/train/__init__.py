"""Trainers for `kata train <model>`: one module per model (see CONTRIBUTING.md)."""
