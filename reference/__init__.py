"""The katas, solved. Specs prove passability against these files."""
