"""Reading a failure the way a learner needs it: which of their lines, in which words.

- the learner's frames of a traceback, and the line to show: in the kata under test even when
  the error surfaced inside an earlier piece it calls (`focused`);
- exceptions and torch/numpy shape errors said plainly, in the learner's language (`friendly`);
- the detective: a failing test whose message mentions NaN/inf or a shape error is run once more
  with instruments (numpy's error callback, a torch function mode) to find the learner's line
  where the first NaN or inf was made from finite inputs, and the shapes that met.

harness/runner.py calls these inside the child process that runs the specs.
"""
from __future__ import annotations

import io
import linecache
import math
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from .i18n import t

def learner_frames(entries, impl: str, root: Path) -> list[tuple[str, int, str]]:
    """The traceback frames in the learner's tree, outermost first: (relative path, line, source)."""
    frames = []
    for path, lineno in entries:
        p = Path(path)
        try:
            rel = p.resolve().relative_to(root)
        except (ValueError, OSError):
            continue
        if rel.parts and rel.parts[0] == impl:
            frames.append((rel.as_posix(), lineno, linecache.getline(str(p), lineno).strip()))
    return frames


def as_line(frame: tuple[str, int, str]) -> str:
    return f"{frame[0]}:{frame[1]}: {frame[2]}"


def learner_line(entries, impl: str, root: Path) -> str | None:
    """The deepest traceback frame in the learner's tree, as 'path:line: source'."""
    frames = learner_frames(entries, impl, root)
    return as_line(frames[-1]) if frames else None


def focused(frames: list[tuple[str, int, str]], focus: str | None) -> tuple[str | None, str | None]:
    """(where, inner): the learner's line to show, and where the error really surfaced when that
    is another learner file (an earlier kata this one calls). The line shown is in the kata under
    test (`focus`, its file) whenever the traceback passes through it."""
    if not frames:
        return None, None
    deepest = frames[-1]
    mine = [f for f in frames if f[0] == focus]
    if focus is None or not mine or deepest[0] == focus:
        return as_line(deepest), None
    return as_line(mine[-1]), f"{deepest[0]}:{deepest[1]}"


_RAISE = re.compile(r"DID NOT RAISE <class '(\w+)'>")


BILINGUAL = " ‖ "  # a stub's NotImplementedError text: "English ‖ 日本語"


def pick_language(text: str, lang: str) -> str:
    """'English ‖ 日本語' -> the learner's half; a text without the separator as it is."""
    if BILINGUAL not in text:
        return text
    en, _, ja = text.partition(BILINGUAL)
    return ja.strip() if lang == "ja" else en.strip()


# Shape errors of torch and numpy, said plainly (the detective adds the shapes that met).
_SHAPE_DIM = re.compile(r"The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) "
                        r"at non-singleton dimension (-?\d+)")
_SHAPE_MATMUL = re.compile(r"mat1 and mat2 shapes cannot be multiplied \((\d+x\d+) and (\d+x\d+)\)")
_SHAPE_BROADCAST = re.compile(r"operands could not be broadcast together with (?:remapped )?shapes "
                              r"(?:\[original->remapped\]: )?(.+?)\s*$")
_SHAPE_RESHAPE = re.compile(r"shape '(\[[^\]]*\])' is invalid for input of size (\d+)")
_SHAPE_ANY = re.compile("|".join(p.pattern for p in (_SHAPE_DIM, _SHAPE_MATMUL, _SHAPE_BROADCAST,
                                                      _SHAPE_RESHAPE)) + r"|size mismatch|shapes? mismatch"
                        r"|Expected size for first two dimensions|cannot be multiplied|must match the size")
_NON_FINITE = re.compile(r"\b(?:NaN|nan|inf|Inf|infinite)\b")
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception)): ")


def _shape_message(message: str, lang: str, op: str | None = None, shapes=None) -> str | None:
    """A shape error in the learner's words, or None when `message` is no shape error."""
    op_text = t("shape_in", lang, op=op) if op else ""
    if shapes:
        joined = t("shape_and", lang).join(str(list(s)) for s in shapes)
        return t("shape_mismatch", lang, op=op_text, shapes=joined, detail="")
    m = _SHAPE_DIM.search(message)
    if m:
        return t("shape_dim", lang, op=op_text, a=m.group(1), b=m.group(2), dim=m.group(3))
    m = _SHAPE_MATMUL.search(message)
    if m:
        return t("shape_matmul", lang, a=f"({m.group(1)})", b=f"({m.group(2)})")
    m = _SHAPE_BROADCAST.search(message)
    if m:
        return t("shape_broadcast", lang, shapes=m.group(1))
    m = _SHAPE_RESHAPE.search(message)
    if m:
        return t("shape_reshape", lang, size=m.group(2), shape=m.group(1))
    return None


def _translate_shapes(message: str, lang: str) -> str:
    """A spec message that quotes a torch/numpy shape error: that quote in the learner's language."""
    if lang == "en":
        return message
    for pattern in (_SHAPE_DIM, _SHAPE_MATMUL, _SHAPE_BROADCAST, _SHAPE_RESHAPE):
        message = pattern.sub(lambda m: _shape_message(m.group(0), lang) or m.group(0), message)
    return message


def friendly(message: str, lang: str = "en", raised: bool = False) -> str:
    """What the learner reads for one failure. `raised`: the message is an exception that ended the
    test (not a spec's own soft-check message, which already teaches)."""
    message = message.strip()
    if message.startswith("Failed: "):  # pytest.fail(...): the text already speaks to the learner
        message, raised = message[len("Failed: "):], False
    m = _RAISE.search(message)
    if m:
        return t("not_raised", lang, error=m.group(1))
    if message.startswith("NotImplementedError"):
        rest = pick_language(message.partition(":")[2].strip(), lang)
        return t("not_implemented", lang) + (f": {rest}" if rest else "")
    if not raised:
        return _translate_shapes(message, lang)
    shape = _shape_message(message, lang)
    if shape:
        return shape
    if _EXCEPTION.match(message):  # an exception from the learner's code, in Python's own words
        return t("error_raised", lang, error=message)
    return message


# --- the detective: reruns a failing test with instruments ------------------------------------

_FACTORIES = {"empty", "empty_like", "new_empty", "empty_strided"}  # uninitialised memory


class _Detective:
    """Reruns failing tests whose message mentions NaN/inf or a shape error, watching every numpy
    floating-point error and every torch operation: where (in the learner's files) the first
    NaN or inf was made from finite inputs, and which operation met which shapes."""

    def __init__(self, impl: str, root: Path):
        self.impl, self.root = impl, root
        self.found: dict[str, dict] = {}  # nodeid -> {"non_finite": (kind, where), "shape": (op, shapes)}
        self.nodeid: str | None = None

    def learner_frames(self) -> list[tuple[str, int, str]]:
        import traceback

        return learner_frames([(f.filename, f.lineno) for f in traceback.extract_stack()],
                               self.impl, self.root)

    def _learner_frame(self) -> str | None:
        frames = self.learner_frames()
        return as_line(frames[-1]) if frames else None

    def _note(self, key: str, value) -> None:
        found = self.found.setdefault(self.nodeid, {})
        if key not in found and value is not None:
            found[key] = value

    def _numpy_error(self, kind: str, flag: int) -> None:
        """numpy's error callback: kind is 'divide by zero', 'overflow', 'invalid value', ..."""
        if "underflow" in kind:
            return
        found = self.found.get(self.nodeid, {}).get("non_finite")
        nan = "invalid" in kind
        if found is None or (nan and found[0] == "inf"):  # 0/0 reports 'divide' first, then NaN
            where = self._learner_frame()
            if where and (found is None or found[1] == where):
                self.found.setdefault(self.nodeid, {})["non_finite"] = ("NaN" if nan else "inf", where)

    def _torch_mode(self):
        import torch
        from torch.overrides import TorchFunctionMode

        detective = self

        def tensors(value):
            if isinstance(value, torch.Tensor):
                yield value
            elif isinstance(value, (list, tuple)):
                for v in value:
                    yield from tensors(v)
            elif isinstance(value, dict):
                for v in value.values():
                    yield from tensors(v)

        def finite(values) -> bool:
            for v in values:
                if isinstance(v, float) and not math.isfinite(v):
                    return False
                if isinstance(v, (list, tuple)) and not finite(v):
                    return False
                if isinstance(v, torch.Tensor) and (v.is_floating_point() or v.is_complex()) \
                        and v.numel() and not bool(torch.isfinite(v).all()):
                    return False
            return True

        class Mode(TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                kwargs = kwargs or {}
                try:
                    out = func(*args, **kwargs)
                except Exception as e:
                    if "shape" not in detective.found.get(detective.nodeid, {}) and _SHAPE_ANY.search(str(e)):
                        shapes = [tuple(x.shape) for x in tensors((args, kwargs))]
                        name = getattr(func, "__name__", str(func)).strip("_")
                        detective._note("shape", (name, shapes, detective.learner_frames()))
                    raise
                name = getattr(func, "__name__", "")
                if "non_finite" not in detective.found.get(detective.nodeid, {}) and name not in _FACTORIES:
                    made = [x for x in tensors(out) if (x.is_floating_point() or x.is_complex()) and x.numel()]
                    bad = [x for x in made if not bool(torch.isfinite(x).all())]
                    if bad and finite(list(args) + list(kwargs.values())):
                        where = detective._learner_frame()
                        if where:
                            kind = "NaN" if any(bool(torch.isnan(x).any()) for x in bad) else "inf"
                            detective._note("non_finite", (kind, where))
                return out

        return Mode()

    def pytest_runtest_setup(self, item):
        import contextlib

        import numpy as np

        self.nodeid = item.nodeid
        self.stack = contextlib.ExitStack()
        previous = np.seterrcall(self._numpy_error)
        self.stack.callback(np.seterrcall, previous)
        self.stack.enter_context(np.errstate(divide="call", invalid="call", over="call"))
        try:
            import torch  # noqa: F401
        except ImportError:
            return
        self.stack.enter_context(self._torch_mode())

    def pytest_runtest_teardown(self, item):
        stack, self.stack = getattr(self, "stack", None), None
        if stack is not None:
            stack.close()


def investigate(tests: list[dict], args: list[str], impl: str, root: Path, lang: str,
                 focus: str | None = None) -> None:
    """Rerun the tests worth a second look under the detective; add what it found to them."""
    import pytest

    def suspect(test) -> bool:
        said = [test.get("raw") or "", *test.get("checked", [])]
        return test["outcome"] == "failed" and bool(test.get("nodeid")) and (
            any(_NON_FINITE.search(m) for m in test["messages"]) or any(_SHAPE_ANY.search(m) for m in said))

    suspects = [t_ for t_ in tests if suspect(t_)]
    if not suspects:
        return
    detective = _Detective(impl, root)
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        pytest.main([*[t_["nodeid"] for t_ in suspects], *args], plugins=[detective])
    for test in suspects:
        found = detective.found.get(test["nodeid"], {})
        if "non_finite" in found:
            test["non_finite"] = list(found["non_finite"])
        if "shape" in found:
            op, shapes, frames = found["shape"]
            if not test.get("where"):  # the spec caught the error: its traceback is gone
                test["where"], test["inner"] = focused(frames, focus)
            if test.get("raw") and _SHAPE_ANY.search(test["raw"]):  # say it with the shapes that met
                text = _shape_message(test["raw"], lang, op=op, shapes=shapes)
                plain = friendly(test["raw"], lang, raised=True)
                test["messages"] = [text if m == plain else m for m in test["messages"]]
            else:  # the spec's words stay; the shapes are added
                test["messages"].append(_shape_message("", lang, op=op, shapes=shapes))
