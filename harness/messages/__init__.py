"""Every trainer's messages, one file per model: harness/messages/<model>.py defines MESSAGES, a dict
key -> (English, Japanese), like harness/i18n.py's own; i18n merges them all (a key may appear once).
A new trainer adds its file here instead of growing harness/i18n.py."""
from __future__ import annotations

import importlib
import pkgutil


def collect() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        table = importlib.import_module(f"{__name__}.{info.name}").MESSAGES
        twice = sorted(set(table) & set(merged))
        if twice:
            raise ValueError(f"harness/messages/{info.name}.py: keys defined in another file too: {twice}")
        merged.update(table)
    return merged
