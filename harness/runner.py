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
from . import diagnose
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
            self.collect_errors.append(diagnose.friendly(re.sub(r"^E\s+", "", last), self.lang, raised=True))

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
            test["messages"] += [diagnose.friendly(m, self.lang) for m in checks]
            test["checked"] = checks  # for the detective: the spec's own words
        else:
            crash = getattr(longrepr, "reprcrash", None)
            raw = crash.message if crash else text.strip().splitlines()[-1]
            test["raw"] = raw  # for the detective: which error it was, in the original words
            test["messages"].append(diagnose.friendly(raw, self.lang, raised=True))
        entries = []
        for chain_part in getattr(longrepr, "chain", []) or []:
            tb = chain_part[0]
            for entry in getattr(tb, "reprentries", []):
                loc = getattr(entry, "reprfileloc", None)
                if loc is not None:
                    entries.append((loc.path, loc.lineno))
        if not test["where"]:
            test["where"], test["inner"] = diagnose.focused(diagnose.learner_frames(entries, self.impl, self.root),
                                                    self.focus)


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
            diagnose.investigate(tests, options, impl, root, lang, focus)
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
    return diagnose.learner_line(list(reversed(entries)), impl, root)


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
