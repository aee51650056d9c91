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

def _learner_line(entries, impl: str, root: Path) -> str | None:
    """The deepest traceback frame in the learner's tree, as 'path:line: source'."""
    for path, lineno in reversed(entries):
        p = Path(path)
        try:
            rel = p.resolve().relative_to(root)
        except ValueError:
            continue
        if rel.parts and rel.parts[0] == impl:
            source = linecache.getline(str(p), lineno).strip()
            return f"{rel.as_posix()}:{lineno}: {source}"
    return None


_RAISE = re.compile(r"DID NOT RAISE <class '(\w+)'>")


BILINGUAL = " ‖ "  # a stub's NotImplementedError text: "English ‖ 日本語"


def pick_language(text: str, lang: str) -> str:
    """'English ‖ 日本語' -> the learner's half; a text without the separator as it is."""
    if BILINGUAL not in text:
        return text
    en, _, ja = text.partition(BILINGUAL)
    return ja.strip() if lang == "ja" else en.strip()


def _friendly(message: str, lang: str = "en") -> str:
    message = message.strip()
    m = _RAISE.search(message)
    if m:
        if lang == "ja":
            return f"不正な入力には {m.group(1)} を送出するはずですが、何も送出されませんでした"
        return f"expected a {m.group(1)} for bad input, but nothing was raised"
    if message.startswith("NotImplementedError"):
        rest = pick_language(message.partition(":")[2].strip(), lang)
        head = "まだ実装されていません" if lang == "ja" else "not implemented yet"
        return head + (f": {rest}" if rest else "")
    return message


class _Collector:
    """A pytest plugin that records each test's outcome and its teaching messages."""

    def __init__(self, impl: str, root: Path, lang: str = "en"):
        self.impl, self.root, self.lang = impl, root, lang
        self.tests: dict[str, dict] = {}
        self.collect_errors: list[str] = []

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(_friendly(str(report.longrepr).strip().splitlines()[-1], self.lang))

    def pytest_runtest_logreport(self, report):
        name = report.nodeid.split("::", 1)[-1]
        test = self.tests.setdefault(name, {"name": name, "file": report.fspath,
                                            "outcome": "passed", "messages": [], "where": None})
        if report.passed or report.skipped:
            return
        test["outcome"] = "failed"
        longrepr = report.longrepr
        text = str(longrepr)
        checks = [line[len("FAILURE: "):] for line in text.splitlines() if line.startswith("FAILURE: ")]
        if checks:  # soft checks from pytest-check: each message already teaches
            test["messages"] += [_friendly(m, self.lang) for m in checks]
        else:
            crash = getattr(longrepr, "reprcrash", None)
            test["messages"].append(_friendly(crash.message if crash else text.strip().splitlines()[-1],
                                             self.lang))
        entries = []
        for chain_part in getattr(longrepr, "chain", []) or []:
            tb = chain_part[0]
            for entry in getattr(tb, "reprentries", []):
                loc = getattr(entry, "reprfileloc", None)
                if loc is not None:
                    entries.append((loc.path, loc.lineno))
        test["where"] = test["where"] or _learner_line(entries, self.impl, self.root)


def run_inprocess(spec_paths: list[str], impl: str, root: Path, lang: str = "en") -> dict:
    """Run pytest on the spec files here and now; returns {"tests": [...], "collect_errors": [...]}."""
    import pytest

    os.environ["KATA_IMPL"] = impl
    os.environ["KATA_LANG"] = lang  # harness.checks writes the spec messages in this language
    os.environ["KATA_ROOT"] = str(root)
    os.chdir(root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    collector = _Collector(impl, root, lang)
    # (no:unraisableexception: its gc.collect() passes at exit cost ~0.4 s of every run)
    args = [*spec_paths, "-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception",
            "--impl", impl, "--rootdir", str(root),
            "-c", str(root / "pyproject.toml")]
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        code = pytest.main(args, plugins=[collector])
    return {"tests": list(collector.tests.values()), "collect_errors": collector.collect_errors,
            "exit_code": int(code)}


def _child_main(spec_paths: list[str], impl: str, root: Path, out: Path, timeout: float,
                lang: str = "en") -> None:
    # If the learner's code hangs, dump every thread's stack just before the parent kills us,
    # so the report can name the line that never finished.
    hang = open(str(out) + ".hang", "w")
    faulthandler.dump_traceback_later(max(timeout - 0.5, 0.1), file=hang)
    try:
        result = run_inprocess(spec_paths, impl, root, lang)
    except BaseException as e:  # noqa: BLE001 — report anything, never crash silently
        result = {"tests": [], "collect_errors": [f"{type(e).__name__}: {e}"], "exit_code": 3}
    faulthandler.cancel_dump_traceback_later()
    out.write_text(json.dumps(result))


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


def _run_files(spec_paths: list[str], impl: str, root: Path, timeout: float, lang: str = "en") -> dict:
    with tempfile.TemporaryDirectory(prefix="kata-run-") as tmp:
        out = Path(tmp) / "result.json"
        if hasattr(os, "fork"):
            sys.stdout.flush(), sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child
                code = 0
                try:
                    _child_main(spec_paths, impl, root, out, timeout, lang)
                except BaseException:  # noqa: BLE001
                    code = 1
                finally:
                    os._exit(code)
            status = _wait(pid, time.monotonic() + timeout)
            if status is None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"error": "timeout", "where": _hang_line(out, impl, root)}
        else:
            cmd = [sys.executable, "-m", "harness.runner", "--impl", impl, "--out", str(out),
                   "--timeout", str(timeout), "--lang", lang, *spec_paths]
            try:
                subprocess.run(cmd, cwd=root, timeout=timeout + 30,
                               env={**os.environ, "KATA_ROOT": str(root)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
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
        raw = _run_files([kata.spec_path], impl, root, timeout, lang)
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
            result["detail"] = "no specs ran"
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
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args(argv)
    _child_main(args.specs, args.impl, repo_root().resolve(), Path(args.out), args.timeout, args.lang)


if __name__ == "__main__":
    main()
