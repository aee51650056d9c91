"""Frictions a new learner hit, each pinned down: skipping and coming back, stages without katas,
NaN and shape errors named with the learner's line, narrow terminals, `kata status MODEL`."""
from __future__ import annotations

import io
import json
import types

import pytest
from rich.console import Console

from harness import cli, progress, views
from harness import curriculum as C

NORMAL = C.find_kata("normal_pdf")
S00, S01, S02 = C.STAGES[:3]


def _state(repo) -> dict:
    return json.loads((repo / ".kata" / "progress.json").read_text())


def _write_state(repo, **fields) -> None:
    state = {**progress.empty_state(), **fields}
    (repo / ".kata").mkdir(exist_ok=True)
    (repo / ".kata" / "progress.json").write_text(json.dumps(state))


def _passed(*katas) -> dict:
    return {k.key: {"status": "passed", "passed": 1, "total": 1, "at": "2026-01-01T00:00:00"} for k in katas}


# --- 1. skip, then come back ------------------------------------------------------------------

def test_next_leads_back_to_a_skipped_stage_and_unskip_restores_it(repo, kata_run):
    assert kata_run("skip", S02.short).returncode == 0
    # everything unlocked after the skip is green; S02 has open katas
    later = [k for s in C.STAGES[3:] for k in s.katas]
    state = _state(repo)
    state["katas"] = _passed(*S00.katas, *S01.katas, *S02.katas[:4], *later)
    (repo / ".kata" / "progress.json").write_text(json.dumps(state))

    out = kata_run("next").stdout
    assert "Every available kata is green" not in out
    assert S02.katas[4].key in out and "a stage you skipped" in out and f"kata unskip {S02.short}" in out
    assert S02.katas[4].key in kata_run("status").stdout
    assert "スキップしたステージ" in kata_run("--lang", "ja", "next").stdout

    result = kata_run("unskip", S02.short)
    assert result.returncode == 0 and f"({len(S02.katas) - 4} left)" in result.stdout, result.stdout
    assert S02.id not in _state(repo)["skipped"]
    out = kata_run("next").stdout
    assert S02.katas[4].key in out and "a stage you skipped" not in out

    again = kata_run("unskip", S02.short)
    assert again.returncode == 2 and "is not skipped" in again.stdout


# --- 2. a stage without katas cannot be skipped -------------------------------------------------

@pytest.fixture
def empty_stage(monkeypatch) -> C.Stage:
    """A stage with no katas yet: the curriculum's first, or one added after the last stage."""
    empty = next((s for s in C.STAGES if not s.katas), None)
    if empty is None:
        empty = C.Stage("s99_future", ("Coming soon", "準備中"))
        monkeypatch.setattr(C, "STAGES", (*C.STAGES, empty))
    return empty


def test_skip_refuses_a_stage_without_katas(repo, kata_run, empty_stage):
    empty = empty_stage
    result = kata_run("skip", empty.short)
    assert result.returncode == 2, result.stdout
    assert "no katas yet" in result.stdout and "unlocked" not in result.stdout
    assert not (repo / ".kata" / "progress.json").exists()  # nothing recorded
    assert "まだカタがありません" in kata_run("--lang", "ja", "skip", empty.short).stdout


def test_skip_into_a_stage_without_katas_says_so(kata_run):
    index = next((i for i, s in enumerate(C.STAGES[:-1]) if s.katas and not C.STAGES[i + 1].katas), None)
    if index is None:
        return
    out = kata_run("skip", C.STAGES[index].short).stdout
    assert f"{C.STAGES[index + 1].id}, has no katas yet" in out and "is unlocked" not in out


# --- 3. NaN and inf: named, with the line they came from ----------------------------------------

def test_a_numpy_nan_names_the_line_that_made_it(repo, kata_run):
    (repo / NORMAL.stub_path).write_text(
        "import numpy as np\n\n\ndef normal_pdf(x, mu=0.0, sigma=1.0):\n"
        "    z = (np.asarray(x, dtype=float) - mu) / (sigma - sigma)\n"
        "    return np.exp(-z ** 2 / 2) / np.sqrt(2 * np.pi * sigma ** 2)\n")
    out = kata_run("check", "normal_pdf").stdout
    assert "NaN" in out
    assert f"the first NaN came from: {NORMAL.stub_path}:5: z = (np.asarray" in out, out
    assert f"最初の NaN が生じた行: {NORMAL.stub_path}:5" in kata_run("--lang", "ja", "check", "normal_pdf").stdout


def test_a_torch_inf_names_the_line_that_made_it(repo, kata_run):
    (repo / NORMAL.stub_path).write_text(
        "import torch\n\n\ndef normal_pdf(x, mu=0.0, sigma=1.0):\n"
        "    t = torch.as_tensor(x, dtype=torch.float64)\n"
        "    return (torch.log(t - t) * 0).numpy()\n")
    out = kata_run("check", "normal_pdf").stdout
    assert f"came from: {NORMAL.stub_path}:6: return (torch.log(t - t) * 0)" in out, out


# --- 4. a shape error inside an earlier piece: the kata's own line, and the shapes -------------

def test_a_shape_error_in_an_earlier_piece_names_the_katas_line(repo, kata_run):
    helper = S00.katas[1]  # any other learner file plays the earlier piece
    (repo / helper.stub_path).write_text(
        "import torch\n\n\ndef combine(a, b):\n    return a + b\n")
    (repo / NORMAL.stub_path).write_text(
        f"import torch\n\nfrom .{helper.id} import combine\n\n\ndef normal_pdf(x, mu=0.0, sigma=1.0):\n"
        "    return combine(torch.zeros(8, 8), torch.ones(3, 3)).numpy()\n")
    out = kata_run("check", "normal_pdf").stdout
    assert "shapes do not match in add: [8, 8] and [3, 3]" in out, out
    assert f"your code: {NORMAL.stub_path}:7: return combine(" in out
    assert f"the error surfaced inside {helper.stub_path}:5" in out
    ja = kata_run("--lang", "ja", "check", "normal_pdf").stdout
    assert "形状が合いません（add）: [8, 8] と [3, 3]" in ja, ja


def test_attention_head_with_an_unsliced_tril(repo, kata_run, solve):
    """The case from a learner's report, on the real katas when they are there."""
    head = C.find_kata("attention_head") if any(k.id == "attention_head" for k in C.all_katas()) else None
    reference = (repo / head.reference_path).read_text() if head else ""
    if "self.tril[:T, :T]" not in reference:
        return
    solve(*S02.katas)
    (repo / head.stub_path).write_text(reference.replace("self.tril[:T, :T]", "self.tril"))
    _write_state(repo, unlocked=[S01.id, S02.id])
    out = kata_run("check", head.id).stdout
    assert "shapes do not match in masked_fill" in out, out
    assert f"your code: {head.stub_path}:" in out and "your code: katas/s02_gpt/causal_mask.py" not in out
    assert "the error surfaced inside katas/s02_gpt/causal_mask.py" in out  # named second
    ja = kata_run("--lang", "ja", "check", head.id).stdout
    assert "形状が合いません（masked_fill）" in ja and "must match the size" not in ja, ja


# --- 5. singular -------------------------------------------------------------------------------

def test_one_spec_is_one_spec():
    console = Console(file=io.StringIO(), width=100)
    views.result(console, {"kata": "s/x", "passed": 1, "total": 1, "error": None, "tests": []}, "en", 60)
    assert "the spec passes" in console.file.getvalue() and "1 specs" not in console.file.getvalue()


# --- 6. an 80-column terminal or a pipe ----------------------------------------------------------

def test_solution_is_never_cropped(repo, kata_run):
    reference = repo / NORMAL.reference_path
    long_line = "LONG = '" + "y" * 150 + "'  # a line far wider than the terminal\n"
    reference.write_text(reference.read_text() + long_line)
    piped = kata_run("solution", "normal_pdf", "--force", env={"COLUMNS": "80"})
    assert piped.stdout == reference.read_text()  # a pipe gets the code exactly

    console = Console(file=io.StringIO(), width=80, force_terminal=True, color_system=None)
    args = types.SimpleNamespace(root=repo, kata="normal_pdf", force=True)
    cli.cmd_solution(args, console, "en")
    shown = console.file.getvalue()
    assert shown.count("y") >= 150 and "…" not in shown  # wrapped, not cropped


def test_next_prints_the_docstring_as_written(repo, kata_run):
    from harness import explain

    out = kata_run("next", env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    for line in explain.of_file((repo / NORMAL.stub_path).read_text(), "en").splitlines():
        assert line.rstrip() in lines, f"{line!r} re-wrapped in:\n{out}"


def test_list_shows_whole_paths_and_the_spec(kata_run):
    narrow = kata_run("list", env={"COLUMNS": "80"}).stdout
    for kata in C.all_katas():
        assert any(kata.stub_path in line for line in narrow.splitlines()), kata.stub_path
        assert any(kata.spec_path in line for line in narrow.splitlines()), kata.spec_path
    wide = kata_run("list", env={"COLUMNS": "250"}).stdout
    assert "spec" in wide.splitlines()[1]
    assert any(NORMAL.stub_path in line and NORMAL.spec_path in line for line in wide.splitlines())


# --- 7. solution defaults to the current kata -----------------------------------------------------

def test_solution_without_an_id_is_the_current_kata(kata_run):
    refused = kata_run("solution")
    assert refused.returncode == 2 and f"kata check {NORMAL.id}" in refused.stdout
    assert "def normal_pdf" in kata_run("solution", "--force").stdout


# --- 8. which katas feed a model -------------------------------------------------------------------

def test_status_model_lists_its_pieces(repo, kata_run):
    model = next(iter(C.MODELS.values()))
    piece = C.find_kata(model.needs[0])
    other = next(k for k in C.all_katas() if k.id not in model.needs)
    _write_state(repo, katas=_passed(piece, other))
    status = kata_run("status").stdout
    assert f"{model.id}: 1/{len(model.needs)} pieces" in status and "kata status MODEL" in status
    out = kata_run("status", model.id).stdout
    assert f"1/{len(model.needs)} passed" in out
    rows = {line.split()[2]: line.split()[0] for line in out.splitlines()
            if line[:1] in "✓✗" and len(line.split()) > 2}
    assert rows[piece.id] == "✓" and all(rows[k] == "✗" for k in model.needs[1:]), out
    assert f"not a piece of {model.id}: {other.id}" in out
    assert "--fill-reference" in out
    assert kata_run("status", "no_such_model").returncode == 2


# --- the CLI's own words ---------------------------------------------------------------------------

def test_an_internal_error_is_short_and_in_the_learners_language(kata_run, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(views, "status", broken)
    result = kata_run("--lang", "ja", "status")
    assert result.returncode == 3 and "内部エラー" in result.stdout and "boom" in result.stdout
    assert "Traceback" not in result.stdout
