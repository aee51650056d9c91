"""Import a kata's module from `katas/` (the learner's files) or `reference/` (the solutions).

Specs never import `katas` directly: they ask this loader (through the `kata` fixture in
tests/conftest.py), so one suite checks either tree. Choose the tree with KATA_IMPL=katas|reference
(default: katas) or `pytest --impl ...`.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType

from .i18n import current_lang, t
from .paths import IMPLS, repo_root


class KataImportError(ImportError):
    """The learner's file could not be imported; the message says where and why."""


def current_impl() -> str:
    impl = os.environ.get("KATA_IMPL", "katas")
    if impl not in IMPLS:
        raise ValueError(f"KATA_IMPL must be one of {', '.join(IMPLS)}, got {impl!r}")
    return impl


def ensure_on_path() -> None:
    """Make sure `katas` and `reference` are imported from the learner's checkout."""
    root = str(repo_root())
    if not sys.path or sys.path[0] != root:
        if root in sys.path:
            sys.path.remove(root)
        sys.path.insert(0, root)


def load_kata(stage: str, kata: str, impl: str | None = None) -> ModuleType:
    """Return the module `<impl>.<stage>.<kata>`, e.g. `katas.s02_gpt.attention_head`."""
    impl = impl or current_impl()
    if impl not in IMPLS:
        raise ValueError(f"impl must be one of {', '.join(IMPLS)}, got {impl!r}")
    ensure_on_path()
    name = f"{impl}.{stage}.{kata}"
    lang = current_lang()
    path = f"{impl}/{stage}/{kata}.py"
    try:
        return importlib.import_module(name)
    except SyntaxError as e:
        where = f"{_relative(e.filename)}:{e.lineno}" if e.filename else name
        line = (e.text or "").rstrip()
        raise KataImportError(t("import_syntax", lang, path=path, where=where,
                                msg=_syntax_message(e.msg, lang), line=line)) from None
    except Exception as e:  # an import error or an exception at import time
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f"{impl}" in f.filename]
        where = t("import_at", lang, where=f"{_relative(frames[-1].filename)}:{frames[-1].lineno}: "
                                         f"{frames[-1].line}") if frames else ""
        raise KataImportError(t("import_failed", lang, path=path, error=f"{type(e).__name__}: {e}",
                                where=where)) from None


def _relative(filename: str) -> str:
    """A path inside the checkout as the learner sees it (katas/s00_probability/normal_pdf.py)."""
    try:
        return Path(filename).resolve().relative_to(repo_root()).as_posix()
    except (ValueError, OSError):
        return filename


# Python's most common syntax errors, in Japanese (others are shown as Python says them).
_SYNTAX_JA = [
    (re.compile(r"^invalid syntax\. Perhaps you forgot a comma\?$"), "文法が正しくありません。カンマを忘れていませんか？"),
    (re.compile(r"^invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?$"),
     "文法が正しくありません。'=' ではなく '==' か ':=' のつもりではありませんか？"),
    (re.compile(r"^invalid syntax$"), "文法が正しくありません"),
    (re.compile(r"^expected '(.+)'$"), r"'\1' が必要です"),
    (re.compile(r"^expected an indented block after (.+) on line (\d+)$"),
     r"\2 行目の後にはインデントしたブロックが必要です"),
    (re.compile(r"^expected an indented block$"), "インデントしたブロックが必要です"),
    (re.compile(r"^unexpected indent$"), "予期しないインデントがあります"),
    (re.compile(r"^unindent does not match any outer indentation level$"),
     "インデントの深さが外側のどの行とも合っていません"),
    (re.compile(r"^'(.)' was never closed$"), r"'\1' が閉じられていません"),
    (re.compile(r"^unmatched '(.)'$"), r"対応する相手のない '\1' があります"),
    (re.compile(r"^closing parenthesis '(.)' does not match opening parenthesis '(.)'.*$"),
     r"閉じかっこ '\1' が開きかっこ '\2' と対応していません"),
    (re.compile(r"^unterminated string literal \(detected at line (\d+)\)$"),
     r"文字列が閉じられていません（\1 行目）"),
    (re.compile(r"^unterminated triple-quoted string literal \(detected at line (\d+)\)$"),
     r"三重引用符の文字列が閉じられていません（\1 行目）"),
    (re.compile(r"^invalid character '(.)' \((U\+[0-9A-F]+)\)$"), r"使えない文字 '\1'（\2）があります"),
    (re.compile(r"^invalid non-printable character (U\+[0-9A-F]+)$"), r"見えない文字（\1）が混ざっています"),
    (re.compile(r"^unexpected EOF while parsing$"), "ファイルが途中で終わっています"),
    (re.compile(r"^cannot assign to (.+)$"), r"\1 には代入できません"),
    (re.compile(r"^'return' outside function$"), "関数の外で 'return' は使えません"),
    (re.compile(r"^inconsistent use of tabs and spaces in indentation$"),
     "インデントにタブとスペースが混在しています"),
]


def _syntax_message(msg: str, lang: str) -> str:
    if lang != "ja":
        return msg
    for pattern, ja in _SYNTAX_JA:
        if pattern.match(msg):
            return pattern.sub(ja, msg)
    return f"`{msg}`"
