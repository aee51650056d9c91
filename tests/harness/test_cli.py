"""The `kata` CLI on a throw-away copy of the repo: the learner's loop end to end."""
from __future__ import annotations

import json

from harness import curriculum as C

NORMAL = C.find_kata("normal_pdf")
S00 = C.find_stage("s00")
S01 = C.find_stage("s01")


def _state(repo):
    return json.loads((repo / ".kata" / "progress.json").read_text())


def test_status_shows_stages_and_the_next_kata(kata_run):
    out = kata_run().stdout
    assert "s00" in out and "s11" in out
    assert NORMAL.key in out and "kata check" in out
    ja = kata_run("status", "--lang", "ja").stdout
    assert "次のカタ" in ja and C.text(S00.title, "ja") in ja


def test_list_json_has_every_kata(kata_run):
    rows = json.loads(kata_run("list", "--json").stdout)
    assert [r["id"] for r in rows] == [k.id for k in C.all_katas()]
    first = rows[0]
    assert {"stage", "id", "title", "file", "test", "status"} <= set(first)
    assert first["file"] == NORMAL.stub_path and first["test"] == NORMAL.spec_path
    assert first["status"] == "todo"


def test_check_on_a_stub_fails_kindly_then_passes_when_solved(repo, kata_run, solve):
    result = kata_run("check")
    assert result.returncode == 1
    assert "not implemented yet" in result.stdout
    assert "your code: katas/s00_probability/normal_pdf.py:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert _state(repo)["katas"][NORMAL.key]["status"] == "failed"

    solve(NORMAL)
    result = kata_run("check", "normal_pdf")
    assert result.returncode == 0, result.stdout
    assert "all" in result.stdout and "pass" in result.stdout
    assert _state(repo)["katas"][NORMAL.key]["status"] == "passed"
    assert f"- [x] `{NORMAL.id}`" in (repo / "PROGRESS.md").read_text()
    assert NORMAL.key not in kata_run("next").stdout  # moved on


def test_finishing_a_stage_unlocks_the_next(repo, kata_run, solve):
    locked = kata_run("check", S01.katas[0].id)
    assert locked.returncode == 2 and "locked" in locked.stdout
    solve(*S00.katas)
    result = kata_run("check", "--all", timeout=300)
    assert "Stage s00_probability complete" in result.stdout
    assert "s01_pytorch is unlocked" in result.stdout
    state = _state(repo)
    assert "s01_pytorch" in state["unlocked"]
    assert S01.katas[0].key in kata_run("next").stdout
    progress_md = (repo / "PROGRESS.md").read_text()
    assert "## [x] s00_probability" in progress_md


def test_hints_come_one_at_a_time_in_both_languages(kata_run):
    for n in (1, 2, 3):
        out = kata_run("hint", "normal_pdf").stdout
        assert f"Hint {n}/3" in out and NORMAL.hints[n - 1][0].split()[0] in out
    again = kata_run("hint", "normal_pdf").stdout
    assert "Hint 3/3" in again and "last hint" in again
    ja = kata_run("hint", "normal_pdf", "--lang", "ja").stdout
    assert "ヒント 3/3" in ja


def test_solution_only_after_passing_unless_forced(repo, kata_run, solve):
    refused = kata_run("solution", "normal_pdf")
    assert refused.returncode == 2 and "--force" in refused.stdout
    assert "np.exp" in kata_run("solution", "normal_pdf", "--force").stdout
    solve(NORMAL)
    kata_run("check", "normal_pdf")
    assert "np.exp" in kata_run("solution", "normal_pdf").stdout


def test_reset_backs_up_and_restores_the_stub(repo, kata_run, solve):
    stub = (repo / NORMAL.stub_path).read_text()
    solve(NORMAL)
    mine = (repo / NORMAL.stub_path).read_text()
    kata_run("check", "normal_pdf")
    out = kata_run("reset", "normal_pdf").stdout
    assert (repo / NORMAL.stub_path).read_text() == stub
    backups = list((repo / ".kata" / "backups").rglob("normal_pdf-*.py"))
    assert len(backups) == 1 and backups[0].read_text() == mine, out
    assert NORMAL.key not in _state(repo)["katas"]


def test_skip_unlocks_the_next_stage_and_keeps_progress(repo, kata_run, solve):
    solve(NORMAL)
    kata_run("check", "normal_pdf")
    out = kata_run("skip", "s00").stdout
    assert "s01_pytorch" in out
    state = _state(repo)
    assert state["skipped"] == ["s00_probability"] and "s01_pytorch" in state["unlocked"]
    assert state["katas"][NORMAL.key]["status"] == "passed"
    assert S01.katas[0].key in kata_run("next").stdout
    assert "(skipped)" in (repo / "PROGRESS.md").read_text()


def test_watch_once_runs_the_current_kata(kata_run):
    out = kata_run("watch", "--once").stdout
    assert "Watching katas/s00_probability/normal_pdf.py" in out and "not implemented yet" in out


def test_train_refuses_without_pieces_and_names_them(kata_run):
    for model in C.MODELS.values():
        out = kata_run("train", model.id)
        assert out.returncode == 2 and "--fill-reference" in out.stdout
        assert C.find_kata(model.needs[0]).id in out.stdout


def test_unknown_names_get_clear_errors(kata_run):
    assert "kata list" in kata_run("check", "no_such_kata").stdout
    assert "s00_probability" in kata_run("skip", "s99").stdout
    assert "No model" in kata_run("train", "no_such_model").stdout


def test_help_speaks_japanese(kata_run):
    assert "ステージ、進捗、次のカタ" in kata_run("--lang", "ja", "--help").stdout
    assert "stages, progress and the next kata" in kata_run("--help").stdout


def test_watch_reruns_on_save_and_moves_on_when_green(repo, solve):
    """A real `kata watch`: save a solution, see it pass, see it move to the next kata."""
    import os
    import queue
    import signal
    import subprocess
    import sys
    import threading
    import time

    env = {**os.environ, "KATA_ROOT": str(repo), "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
    env.pop("KATA_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "harness", "watch", "--interval", "0.1"],
                            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def wait_for(text: str, seconds: float = 60) -> str:
        seen, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
            if text in seen[-1]:
                return "".join(seen)
        raise AssertionError(f"{text!r} never appeared in:\n{''.join(seen)}")

    try:
        wait_for("not implemented yet")
        time.sleep(0.3)  # a save must change the modification time
        solve(NORMAL)
        wait_for("all 5 specs pass")
        wait_for(f"Moving on to {S00.katas[1].key}")
        proc.send_signal(signal.SIGINT)
        wait_for("Stopped watching")
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert _state(repo)["katas"][NORMAL.key]["status"] == "passed"


def test_a_fresh_clone_with_ticked_progress_md_is_told_to_rebuild(repo, kata_run, solve):
    solve(NORMAL)
    kata_run("check", "normal_pdf")
    (repo / ".kata" / "progress.json").unlink()  # what a clone of the learner's fork lacks
    assert "kata check --all" in kata_run().stdout


def test_a_real_process_smoke_test(kata_cmd):
    """The rest of this file drives the CLI in-process (kata_run); one real `python -m harness`."""
    result = kata_cmd("--lang", "ja", "status")
    assert result.returncode == 0 and "次のカタ" in result.stdout, result.stdout + result.stderr
    assert "使い方" in kata_cmd("--lang", "ja", "--help").stdout
