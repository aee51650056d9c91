"""The learner's progress: a hidden JSON state file (written atomically) and PROGRESS.md.

State (.kata/progress.json):
    {"version": 1,
     "katas":   {"s00_probability/normal_pdf": {"status": "passed"|"failed", "passed": 5, "total": 5,
                                                 "at": "2026-11-22T10:00:00"}},
     "hints":   {"s00_probability/normal_pdf": 2},      # hints shown so far
     "skipped": ["s00_probability"],                     # stages unlocked without passing
     "unlocked": ["s01_pytorch"]}                        # stages once opened stay open

When the file is missing or corrupt, `kata check --all` rebuilds it from the specs' results.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from . import curriculum as C
from .paths import repo_root, state_dir

VERSION = 1


def empty_state() -> dict:
    return {"version": VERSION, "katas": {}, "hints": {}, "skipped": [], "unlocked": []}


def state_path(root: Path | None = None) -> Path:
    return state_dir(root) / "progress.json"


def load(root: Path | None = None) -> dict:
    """The saved state; an empty one (marked `"problem": "missing"|"corrupt"`) if unusable."""
    path = state_path(root)
    if not path.exists():
        return {**empty_state(), "problem": "missing"}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(state, dict) or not isinstance(state.get("katas"), dict):
            raise ValueError("not a progress state")
    except (ValueError, OSError):
        return {**empty_state(), "problem": "corrupt"}
    for key, default in empty_state().items():
        state.setdefault(key, default)
    return state


def save(state: dict, root: Path | None = None) -> None:
    """Write atomically: a crash mid-write never leaves a half-written file behind."""
    path = state_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = {k: v for k, v in state.items() if k != "problem"}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(clean, f, indent=1, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


def record(state: dict, kata: C.Kata, passed: int, total: int) -> None:
    state["katas"][kata.key] = {
        "status": "passed" if total > 0 and passed == total else "failed",
        "passed": passed,
        "total": total,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def status_of(state: dict, kata: C.Kata) -> str:
    """'passed', 'failed' or 'todo'."""
    return state["katas"].get(kata.key, {}).get("status", "todo")


def passed_keys(state: dict) -> set[str]:
    return {k for k, v in state["katas"].items() if v.get("status") == "passed"}


def model_pieces_passed(state: dict, model: C.Model) -> int:
    """How many of the katas `model` needs are passed (ready when it equals len(model.needs))."""
    passed = passed_keys(state)
    return sum(C.find_kata(k).key in passed for k in model.needs)


def stage_done(state: dict, stage: C.Stage) -> bool:
    return bool(stage.katas) and all(status_of(state, k) == "passed" for k in stage.katas)


def stage_unlocked(state: dict, stage: C.Stage) -> bool:
    """The first stage is open; each later one opens when the one before is passed or skipped."""
    index = C.STAGES.index(stage)
    if index == 0 or stage.id in state["unlocked"]:
        return True
    before = C.STAGES[index - 1]
    return stage_done(state, before) or before.id in state["skipped"]


def unlock_earned(state: dict) -> list[C.Stage]:
    """Record every stage whose predecessor is now done or skipped; return the newly opened ones."""
    opened = []
    for before, stage in zip(C.STAGES, C.STAGES[1:]):
        if stage.id not in state["unlocked"] and stage.katas and \
                (stage_done(state, before) or before.id in state["skipped"]):
            state["unlocked"].append(stage.id)
            opened.append(stage)
    return opened


def current_kata(state: dict) -> C.Kata | None:
    """The kata to do now: the first one not yet passed in an unlocked stage that is not skipped;
    once those are all green, the first open one of a skipped stage (`from_skipped` says so).
    None when every available kata is green."""
    for stage in C.STAGES:
        if stage.id in state["skipped"]:
            continue
        if not stage_unlocked(state, stage):
            break
        for kata in stage.katas:
            if status_of(state, kata) != "passed":
                return kata
    for stage in C.STAGES:
        if stage.id in state["skipped"]:
            for kata in stage.katas:
                if status_of(state, kata) != "passed":
                    return kata
    return None


def from_skipped(state: dict, kata: C.Kata | None) -> bool:
    """`kata` belongs to a stage the learner skipped."""
    return kata is not None and kata.stage in state["skipped"]


def open_katas(state: dict, stage: C.Stage) -> list[C.Kata]:
    return [k for k in stage.katas if status_of(state, k) != "passed"]


def unskip(state: dict, stage: C.Stage) -> bool:
    """Put a skipped stage back in the learning order (stages it unlocked stay open); False when
    it was not skipped."""
    if stage.id not in state["skipped"]:
        return False
    state["skipped"].remove(stage.id)
    return True


def render_markdown(state: dict, lang: str = "en") -> str:
    from .i18n import t

    lines = [f"# {t('progress_title', lang)}", "", t("progress_intro", lang), ""]
    for stage in C.STAGES:
        title = C.text(stage.title, lang)
        if not stage.katas:
            lines += [f"## {stage.id} · {title}", "", f"_{t('coming_soon', lang)}_", ""]
            continue
        done = sum(status_of(state, k) == "passed" for k in stage.katas)
        mark = "x" if stage_done(state, stage) else " "
        skipped = f" ({t('skipped', lang)})" if stage.id in state["skipped"] else ""
        lines += [f"## [{mark}] {stage.id} · {title} — {done}/{len(stage.katas)}{skipped}", ""]
        for kata in stage.katas:
            mark = "x" if status_of(state, kata) == "passed" else " "
            lines.append(f"- [{mark}] `{kata.id}` — {C.text(kata.title, lang)}")
        lines.append("")
    return "\n".join(lines)


def write_markdown(state: dict, root: Path | None = None, lang: str = "en") -> Path:
    path = (root or repo_root()) / "PROGRESS.md"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".PROGRESS-", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(render_markdown(state, lang))
    os.replace(tmp, path)
    return path
