"""The curriculum files, katas/, reference/ and tests/ agree, and every text a learner reads
exists in English and Japanese."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from harness import curriculum as C
from harness import explain, pristine

ROOT = Path(__file__).resolve().parents[2]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
KATAS = C.all_katas()
IDS = [k.key for k in KATAS]
# The soft checks of harness/checks.py and where their message goes: (positional index, keyword).
CHECKS = {"expect": (1, "message"), "expect_shape": (2, "what"), "expect_close": (2, "what"),
          "expect_finite": (1, "what"), "expect_grad": (1, "what"), "expect_raises": (None, "what")}


def test_twelve_stages_in_order():
    ids = [s.id for s in C.STAGES]
    assert [i[:3] for i in ids] == [f"s{n:02d}" for n in range(12)], ids
    for stage in C.STAGES:
        assert all(stage.title), f"{stage.source}: title needs English and Japanese"
        assert JAPANESE.search(stage.title[1]) or stage.title[1] == stage.title[0], stage.source


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
def test_explanation_in_both_languages(kata):
    """The module docstring is the explanation: English, then `【日本語】` and the Japanese; the
    stub and the reference carry the same one."""
    stub = ast.get_docstring(ast.parse((ROOT / kata.stub_path).read_text(encoding="utf-8")))
    ref = ast.get_docstring(ast.parse((ROOT / kata.reference_path).read_text(encoding="utf-8")))
    en, ja = explain.split(stub or "")
    assert en, f"{kata.stub_path}: the docstring needs its English explanation"
    assert JAPANESE.search(ja), f"{kata.stub_path}: the docstring needs `{explain.JA_MARK}` and the Japanese"
    assert stub == ref, f"{kata.reference_path}: its docstring must be the stub's, word for word"


@pytest.mark.parametrize("kata", KATAS, ids=IDS)
def test_stub_todo_errors_in_both_languages(kata):
    """raise NotImplementedError("English ‖ 日本語"): the runner shows the learner's half."""
    tree = ast.parse((ROOT / kata.stub_path).read_text(encoding="utf-8"))
    raises = [n for n in ast.walk(tree) if isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call)
              and getattr(n.exc.func, "id", "") == "NotImplementedError"]
    for node in raises:
        text = "".join(a.value for a in ast.walk(node.exc) if isinstance(a, ast.Constant)
                       and isinstance(a.value, str))
        en, sep, ja = text.partition(" ‖ ")
        assert text.count(" ‖ ") == 1 and en.strip() and JAPANESE.search(ja), \
            f"{kata.stub_path}:{node.lineno}: NotImplementedError(\"English ‖ 日本語\"), got {text!r}"


def _message_arg(call: ast.Call, position: int | None, keyword: str):
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _is_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)) \
        or (isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right)))


def _literal_text(node) -> str:
    return "".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


@pytest.mark.parametrize("kata", KATAS, ids=IDS)
def test_spec_messages_in_both_languages(kata):
    """Every message a spec shows is an (English, Japanese) pair; no bare assert or pytest.fail,
    whose text would be English only."""
    source = (ROOT / kata.spec_path).read_text(encoding="utf-8")
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert):
            problems.append(f"line {node.lineno}: a bare assert (use expect(cond, (en, ja)))")
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name == "fail" and getattr(node.func, "value", None) is not None:
            problems.append(f"line {node.lineno}: pytest.fail (use expect(False, (en, ja)))")
        if name not in CHECKS:
            continue
        message = _message_arg(node, *CHECKS[name])
        if message is None:
            problems.append(f"line {node.lineno}: {name}(...) has no message")
        elif _is_text(message):
            problems.append(f"line {node.lineno}: {name}(...) message is one string, not (en, ja)")
        elif isinstance(message, ast.Tuple):
            if len(message.elts) != 2:
                problems.append(f"line {node.lineno}: {name}(...) message must be (en, ja)")
            elif _is_text(message.elts[1]) and not JAPANESE.search(_literal_text(message.elts[1])):
                problems.append(f"line {node.lineno}: {name}(...) message has no Japanese")
    assert not problems, f"{kata.spec_path}:\n  " + "\n  ".join(problems)


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
                    assert rel in known, f"{rel} is not listed in {stage.source}"


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
