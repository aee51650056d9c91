"""Run one kata's specs and boil the result down to what a learner needs to read.

The specs run in a child process, so a learner file that hangs, crashes or corrupts global state
cannot take the harness down: on Linux/macOS the child is forked from a process that has already
imported torch (feedback in well under a second), elsewhere it is a fresh `python -m
harness.runner`. A child that runs past the timeout is killed and reported with the line it was
stuck on.

A result is a plain dict (JSON-friendly):
    {"kata": "s00_probability/normal_pdf", "passed": 3, "total": 5,
     "tests": [{"name": "test_peak", "outcome": "failed",
                "messages": ["normal_pdf(0): expected 0.3989, got 0"],
                "where": "katas/s00_probability/normal_pdf.py:19: raise NotImplementedError(...)"}],
     "error": None | "timeout" | "crash" | "collect", "detail": "..."}
"""
from __future__ import annotations

import faulthandler
import io
import json
import linecache
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from . import curriculum as C
from .i18n import t
from .paths import repo_root

DEFAULT_TIMEOUT = float(os.environ.get("KATA_TIMEOUT", "60"))


def preload() -> None:
    """Import the heavy modules once, so forked children start warm."""
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import pytest_check  # noqa: F401
    try:
        import torch
    except ImportError:
        return
    # The first optimizer a process builds pulls in torch._dynamo (seconds): pay that once here.
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


# --- inside the child -------------------------------------------------------------------------

def _learner_frames(entries, impl: str, root: Path) -> list[tuple[str, int, str]]:
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


def _as_line(frame: tuple[str, int, str]) -> str:
    return f"{frame[0]}:{frame[1]}: {frame[2]}"


def _learner_line(entries, impl: str, root: Path) -> str | None:
    """The deepest traceback frame in the learner's tree, as 'path:line: source'."""
    frames = _learner_frames(entries, impl, root)
    return _as_line(frames[-1]) if frames else None


def _focused(frames: list[tuple[str, int, str]], focus: str | None) -> tuple[str | None, str | None]:
    """(where, inner): the learner's line to show, and where the error really surfaced when that
    is another learner file (an earlier kata this one calls). The line shown is in the kata under
    test (`focus`, its file) whenever the traceback passes through it."""
    if not frames:
        return None, None
    deepest = frames[-1]
    mine = [f for f in frames if f[0] == focus]
    if focus is None or not mine or deepest[0] == focus:
        return _as_line(deepest), None
    return _as_line(mine[-1]), f"{deepest[0]}:{deepest[1]}"


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


def _friendly(message: str, lang: str = "en", raised: bool = False) -> str:
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


class _Collector:
    """A pytest plugin that records each test's outcome and its teaching messages."""

    def __init__(self, impl: str, root: Path, lang: str = "en", focus: str | None = None):
        self.impl, self.root, self.lang = impl, root, lang
        self.focus = focus  # the file of the kata under test, e.g. katas/s02_gpt/attention_head.py
        self.tests: dict[str, dict] = {}
        self.collect_errors: list[str] = []

    def pytest_collectreport(self, report):
        if report.failed:
            last = str(report.longrepr).strip().splitlines()[-1]
            self.collect_errors.append(_friendly(re.sub(r"^E\s+", "", last), self.lang, raised=True))

    def pytest_runtest_logreport(self, report):
        name = report.nodeid.split("::", 1)[-1]
        test = self.tests.setdefault(name, {"name": name, "file": report.fspath, "nodeid": report.nodeid,
                                            "outcome": "passed", "messages": [], "where": None})
        if report.passed or report.skipped:
            return
        test["outcome"] = "failed"
        longrepr = report.longrepr
        text = str(longrepr)
        checks = [line[len("FAILURE: "):] for line in text.splitlines() if line.startswith("FAILURE: ")]
        if checks:  # soft checks from pytest-check: each message already teaches
            test["messages"] += [_friendly(m, self.lang) for m in checks]
            test["checked"] = checks  # for the detective: the spec's own words
        else:
            crash = getattr(longrepr, "reprcrash", None)
            raw = crash.message if crash else text.strip().splitlines()[-1]
            test["raw"] = raw  # for the detective: which error it was, in the original words
            test["messages"].append(_friendly(raw, self.lang, raised=True))
        entries = []
        for chain_part in getattr(longrepr, "chain", []) or []:
            tb = chain_part[0]
            for entry in getattr(tb, "reprentries", []):
                loc = getattr(entry, "reprfileloc", None)
                if loc is not None:
                    entries.append((loc.path, loc.lineno))
        if not test["where"]:
            test["where"], test["inner"] = _focused(_learner_frames(entries, self.impl, self.root),
                                                    self.focus)


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

    def _learner_frames(self) -> list[tuple[str, int, str]]:
        import traceback

        return _learner_frames([(f.filename, f.lineno) for f in traceback.extract_stack()],
                               self.impl, self.root)

    def _learner_frame(self) -> str | None:
        frames = self._learner_frames()
        return _as_line(frames[-1]) if frames else None

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
                        detective._note("shape", (name, shapes, detective._learner_frames()))
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


def _investigate(tests: list[dict], args: list[str], impl: str, root: Path, lang: str,
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
                test["where"], test["inner"] = _focused(frames, focus)
            if test.get("raw") and _SHAPE_ANY.search(test["raw"]):  # say it with the shapes that met
                text = _shape_message(test["raw"], lang, op=op, shapes=shapes)
                plain = _friendly(test["raw"], lang, raised=True)
                test["messages"] = [text if m == plain else m for m in test["messages"]]
            else:  # the spec's words stay; the shapes are added
                test["messages"].append(_shape_message("", lang, op=op, shapes=shapes))


# Packages that must come from `root`, never from whatever tree this process imported before
# (a child forked from a pytest session that already ran specs of another checkout, say).
_TREES = ("katas", "reference", "tests", "conftest")


def _forget_trees() -> None:
    import importlib

    for name in [m for m in sys.modules if m.split(".", 1)[0] in _TREES]:
        del sys.modules[name]
    importlib.invalidate_caches()


def run_inprocess(spec_paths: list[str], impl: str, root: Path, lang: str = "en",
                  focus: str | None = None, *, first=None, detective_until: float | None = None) -> dict:
    """Run pytest on the spec files here and now; returns {"tests": [...], "collect_errors": [...]}.
    Meant for a fresh child: it changes the environment, the directory and sys.path for good.
    `first(result)` sees the result before the detective reruns anything (to save it, so a timeout
    during the rerun loses nothing); the detective runs only before `detective_until` (monotonic)."""
    import pytest

    os.environ["KATA_IMPL"] = impl
    os.environ["KATA_LANG"] = lang  # harness.checks writes the spec messages in this language
    os.environ["KATA_ROOT"] = str(root)
    os.chdir(root)
    if str(root) in sys.path:
        sys.path.remove(str(root))
    sys.path.insert(0, str(root))
    _forget_trees()
    collector = _Collector(impl, root, lang, focus)
    # (no:unraisableexception: its gc.collect() passes at exit cost ~0.4 s of every run)
    options = ["-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception",
               "--impl", impl, "--rootdir", str(root), "-c", str(root / "pyproject.toml")]
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        code = pytest.main([*spec_paths, *options], plugins=[collector])
    tests = list(collector.tests.values())

    def result() -> dict:
        clean = [{k: v for k, v in test.items() if k not in ("raw", "checked")} for test in tests]
        return {"tests": clean, "collect_errors": collector.collect_errors, "exit_code": int(code)}

    if first is not None:
        first(result())
    if detective_until is None or time.monotonic() < detective_until:
        try:
            _investigate(tests, options, impl, root, lang, focus)
        except Exception:  # noqa: BLE001 — the detective only adds detail; never lose the results
            pass
    return result()


def _save(out: Path, result: dict) -> None:
    """Atomically: the parent never reads half a file."""
    tmp = Path(str(out) + ".tmp")
    tmp.write_text(json.dumps(result))
    os.replace(tmp, out)


def _child_main(spec_paths: list[str], impl: str, root: Path, out: Path, timeout: float,
                lang: str = "en", focus: str | None = None) -> None:
    # If the learner's code hangs, dump every thread's stack just before the parent kills us,
    # so the report can name the line that never finished.
    hang = open(str(out) + ".hang", "w")
    faulthandler.dump_traceback_later(max(timeout - 0.5, 0.1), file=hang)
    try:
        result = run_inprocess(spec_paths, impl, root, lang, focus, first=lambda r: _save(out, r),
                               detective_until=time.monotonic() + timeout / 2)
    except BaseException as e:  # noqa: BLE001 — report anything, never crash silently
        result = {"tests": [], "collect_errors": [f"{type(e).__name__}: {e}"], "exit_code": 3}
    faulthandler.cancel_dump_traceback_later()
    _save(out, result)


# --- in the parent ----------------------------------------------------------------------------

def _hang_line(out: Path, impl: str, root: Path) -> str | None:
    try:
        dump = Path(str(out) + ".hang").read_text()
    except OSError:
        return None
    entries = [(m.group(1), int(m.group(2)))
               for m in re.finditer(r'File "([^"]+)", line (\d+)', dump)]
    # faulthandler prints the innermost frame first
    return _learner_line(list(reversed(entries)), impl, root)


def _wait(pid: int, deadline: float) -> int | None:
    """waitpid with a deadline; the exit status, or None when it ran past the deadline."""
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.01)
    return None


def _run_files(spec_paths: list[str], impl: str, root: Path, timeout: float, lang: str = "en",
               focus: str | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="kata-run-") as tmp:
        out = Path(tmp) / "result.json"
        if hasattr(os, "fork"):
            sys.stdout.flush(), sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child
                code = 0
                try:
                    _child_main(spec_paths, impl, root, out, timeout, lang, focus)
                except BaseException:  # noqa: BLE001
                    code = 1
                finally:
                    os._exit(code)
            status = _wait(pid, time.monotonic() + timeout)
            if status is None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                if not out.exists():  # (it exists when only the detective's rerun ran late)
                    return {"error": "timeout", "where": _hang_line(out, impl, root)}
        else:
            cmd = [sys.executable, "-m", "harness.runner", "--impl", impl, "--out", str(out),
                   "--timeout", str(timeout), "--lang", lang, *(["--focus", focus] if focus else []),
                   *spec_paths]
            try:
                subprocess.run(cmd, cwd=root, timeout=timeout + 30,
                               env={**os.environ, "KATA_ROOT": str(root)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                if not out.exists():
                    return {"error": "timeout", "where": _hang_line(out, impl, root)}
        try:
            return json.loads(out.read_text())
        except (OSError, ValueError):
            return {"error": "crash"}


def is_green(result: dict) -> bool:
    """Every spec of the kata passed (and the run itself did not fail)."""
    return result["passed"] == result["total"] and not result["error"]


def check_katas(katas: list[C.Kata], *, impl: str = "katas", root: Path | None = None,
                timeout: float | None = None, lang: str = "en") -> list[dict]:
    """Run the specs of each kata (one child process per kata); a result dict per kata."""
    root = (root or repo_root()).resolve()
    timeout = timeout or DEFAULT_TIMEOUT
    results = []
    for kata in katas:
        focus = f"{impl}/{kata.stage}/{kata.id}.py"  # the learner's lines are shown in this file
        raw = _run_files([kata.spec_path], impl, root, timeout, lang, focus)
        tests = raw.get("tests", [])
        errors = raw.get("collect_errors") or []
        result = {
            "kata": kata.key,
            "tests": tests,
            "total": len(tests),
            "passed": sum(t["outcome"] == "passed" for t in tests),
            "error": raw.get("error") or ("collect" if errors else None),
            "detail": "\n".join(errors) if errors else None,
            "where": raw.get("where"),
        }
        if result["total"] == 0 and not result["error"]:
            result["error"] = "collect"
            result["detail"] = t("no_specs", lang)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> None:
    """`python -m harness.runner`: the child side where fork is not available."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default="katas")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--lang", choices=["en", "ja"], default="en")
    parser.add_argument("--focus", default=None)
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args(argv)
    _child_main(args.specs, args.impl, repo_root().resolve(), Path(args.out), args.timeout, args.lang,
                args.focus)


if __name__ == "__main__":
    main()
