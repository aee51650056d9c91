"""The curriculum metadata, katas/, reference/ and tests/ agree (one source of truth)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from harness import curriculum as C
from harness import pristine

ROOT = Path(__file__).resolve().parents[2]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
KATAS = C.all_katas()
IDS = [k.key for k in KATAS]


def test_twelve_stages_in_order():
    ids = [s.id for s in C.STAGES]
    assert [i[:3] for i in ids] == [f"s{n:02d}" for n in range(12)], ids
    for stage in C.STAGES:
        assert re.fullmatch(r"s\d\d_[a-z0-9_]+", stage.id), stage.id
        assert all(stage.title), f"{stage.id}: title needs English and Japanese"
        assert JAPANESE.search(stage.title[1]) or stage.title[1] == stage.title[0], stage.id


def test_kata_ids_are_unique():
    ids = [k.id for k in KATAS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("kata", KATAS, ids=IDS)
def test_kata_files_exist(kata):
    for path in (kata.stub_path, kata.reference_path, kata.spec_path):
        assert (ROOT / path).is_file(), f"{kata.key}: missing {path}"


@pytest.mark.parametrize("kata", KATAS, ids=IDS)
def test_titles_and_three_hints_in_both_languages(kata):
    assert kata.title[0].strip() and JAPANESE.search(kata.title[1]), f"{kata.key}: title en/ja"
    assert len(kata.hints) == 3, f"{kata.key}: needs exactly three hints, has {len(kata.hints)}"
    for n, (en, ja) in enumerate(kata.hints, 1):
        assert en.strip(), f"{kata.key}: hint {n} has no English"
        assert JAPANESE.search(ja), f"{kata.key}: hint {n} has no Japanese"


@pytest.mark.parametrize("kata", KATAS, ids=IDS)
def test_stub_has_a_todo_and_imports_relatively(kata):
    text = (ROOT / kata.stub_path).read_text(encoding="utf-8")
    assert "TODO" in text, f"{kata.stub_path}: a stub must say what to do (TODO)"
    for path in (kata.stub_path, kata.reference_path):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(katas|reference)\b", source, re.M), \
            f"{path}: import earlier pieces relatively (from .x import y), never from katas/reference"
        assert ast.get_docstring(ast.parse(source)), f"{path}: needs a module docstring"


@pytest.mark.parametrize("kata", KATAS, ids=IDS)
def test_every_spec_uses_the_kata_fixture(kata):
    """Specs reach the module through the `kata` fixture, so --impl and --honesty cover them."""
    tree = ast.parse((ROOT / kata.spec_path).read_text(encoding="utf-8"))
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}

    def uses_kata(func, seen=()):
        args = [a.arg for a in func.args.args]
        return "kata" in args or any(a in functions and a not in seen and
                                     uses_kata(functions[a], (*seen, a)) for a in args)

    tests = [f for name, f in functions.items() if name.startswith("test_")]
    classes = [c for c in tree.body if isinstance(c, ast.ClassDef)]
    tests += [f for c in classes for f in c.body
              if isinstance(f, ast.FunctionDef) and f.name.startswith("test_")]
    assert 3 <= len(tests) <= 12, f"{kata.spec_path}: {len(tests)} tests (aim for 3-8)"
    for test in tests:
        assert uses_kata(test), f"{kata.spec_path}::{test.name} does not use the `kata` fixture"


def test_no_orphan_files():
    known = {p for k in KATAS for p in (k.stub_path, k.reference_path, k.spec_path)}
    for stage in C.STAGES:
        for folder, pattern in ((f"katas/{stage.id}", "*.py"), (f"reference/{stage.id}", "*.py"),
                                (f"tests/{stage.id}", "test_*.py")):
            for path in sorted((ROOT / folder).glob(pattern)):
                rel = path.relative_to(ROOT).as_posix()
                if path.name != "__init__.py":
                    assert rel in known, f"{rel} is not in harness/curriculum.py"


def test_models_need_existing_katas():
    for model in C.MODELS.values():
        C.find_stage(model.stage)
        for need in model.needs:
            C.find_kata(need)
        assert all(model.title) and JAPANESE.search(model.title[1]), model.id


def test_pristine_stubs_are_current(request):
    """`kata reset` restores from harness/pristine_stubs.json; regenerate: python -m harness.pristine.
    Checked under --honesty only (a learner's edited katas/ differ from the snapshot by design)."""
    if not request.config.getoption("--honesty"):
        pytest.skip("maintainers' check: run with --honesty")
    snapshot = pristine.load()
    for kata in KATAS:
        current = (ROOT / kata.stub_path).read_text(encoding="utf-8")
        assert snapshot.get(kata.stub_path) == current, \
            f"{kata.stub_path} changed: run `python -m harness.pristine`"
