"""Every text a learner reads in the loop exists in natural Japanese: `kata --lang ja` on the
stubs as shipped (each kata of s00-s02 checked, its hints, its explanation), help, status, a
syntax error and a data error show no English sentence.

An English sentence is a run of 4 or more English words of 2 letters or more, once code is
removed: `code spans`, a learner's line (path:NN: source), file paths, identifiers with _ or . or
(), options, quoted values, [shapes], {choices}, lists of token names (pad, bos, eos), names of
torch.nn modules (Linear, ReLU) and command lines (kata check --all).
"""
from __future__ import annotations

import json
import re
import urllib.request

import pytest

from harness import curriculum as C
from harness import data, explain

ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){3,}\b")
CODE = [re.compile(p, re.MULTILINE) for p in (
    r"`[^`\n]*`",                                    # code spans
    r"\S+\.py:\d+: .*$",                             # the learner's line: path:NN: source
    r"\[[^\]\n]*\]", r"\{[^}\n]*\}",                 # [8, 8], {en,ja}
    r"'[^'\s]*'", r'"[^"\s]*"',                      # 'status', "x"
    r"\S*[/\\]\S*",                                  # paths
    r"\S+\.(?:py|md|toml|json|txt|pt|png|gz)\b",
    r"[A-Za-z_]\w*(?:[._]\w+)+(?:\([^)\n]*\))?",     # identifiers with _ or ., calls of them
    r"\w+\([^)\n]*\)",                               # calls
    r"\bkata\b(?:[ ]+(?:--?[\w-]+|[a-z][a-z0-9_]*|[A-Z]+|\[[^\]\n]*\]))*",  # kata check --all
    r"(?<![\w-])--?[A-Za-z][\w-]*(?: [A-Z][A-Z_]*\b)?",  # --lang, --out OUT
    r"\b[a-z]{2,4}(?:, [a-z]{2,4}){2,}\b",          # token names: pad, bos, eos, unk
)]
try:  # names of torch.nn modules are code too: Linear, ReLU, LayerNorm
    import torch.nn

    CODE.append(re.compile(r"\b(?:" + "|".join(sorted(
        (n for n in dir(torch.nn) if n[:1].isupper() and isinstance(getattr(torch.nn, n), type)),
        key=len, reverse=True)) + r")\b"))
except ImportError:
    pass

S00_S02 = [k for s in C.STAGES[:3] for k in s.katas]


def english_in(text: str) -> list[str]:
    """The English sentences of `text`, code removed."""
    for pattern in CODE:
        text = pattern.sub(" | ", text)
    return ENGLISH.findall(text)


def test_the_detector_finds_english_and_ignores_code():
    assert english_in("The specs could not run at all") == ["The specs could not run at all"]
    assert not english_in("まだ実装されていません: `kata check --all` を実行します")
    assert not english_in("あなたのコード: katas/s00_probability/normal_pdf.py:19: raise "
                          "NotImplementedError(\"Compute the normal density ‖ 正規分布の密度\")")
    assert not english_in("使い方: kata [-h] [--lang {en,ja}] {status,list,next,check}")
    assert not english_in("'c' は選べません（選べるのは 'status', 'list', 'next', 'check' です）")


def _unlock_s00_to_s02(repo) -> None:
    state = repo / ".kata" / "progress.json"
    state.parent.mkdir(exist_ok=True)
    state.write_text(json.dumps({"version": 1, "katas": {}, "hints": {}, "skipped": [],
                                 "unlocked": [s.id for s in C.STAGES[1:3]]}))


def _assert_japanese(where: str, text: str) -> None:
    found = english_in(text)
    assert not found, f"{where}: English a learner reads under --lang ja: {found}\n--- output ---\n{text}"


@pytest.mark.parametrize("kata", S00_S02, ids=[k.id for k in S00_S02])
def test_a_shipped_stub_checked_in_japanese(repo, kata_run, kata):
    _unlock_s00_to_s02(repo)
    result = kata_run("--lang", "ja", "check", kata.id)
    assert result.returncode == 1, result.stdout + result.stderr
    _assert_japanese(f"kata --lang ja check {kata.id}", result.stdout + result.stderr)
    for _ in range(3):
        hint = kata_run("--lang", "ja", "hint", kata.id)
        _assert_japanese(f"kata --lang ja hint {kata.id}", hint.stdout + hint.stderr)
    # what `kata next` shows when this kata is the current one
    source = (repo / kata.stub_path).read_text(encoding="utf-8")
    _assert_japanese(f"{kata.stub_path}: the docstring `kata --lang ja next` shows",
                     explain.of_file(source, "ja"))


@pytest.mark.parametrize("args", [
    ["--help"], ["status"], [], ["next"], ["hint"], ["list"], ["status", "gpt"],
    ["train", "gpt", "--help"], ["sample", "gpt", "--help"], ["train", "mlp", "--help"],
    ["check", "--help"], ["skip", "s99"], ["skip", "s11"], ["unskip", "s00"], ["chek"], ["check", "--timeout", "x"],
    ["solution", "normal_pdf"], ["train", "gpt"], ["check", "no_such_kata"], ["skip"],
], ids=lambda a: " ".join(a) or "kata")
def test_commands_speak_japanese(kata_run, args):
    if args[:1] in (["train"], ["sample"]) and args[1] not in C.MODELS:
        pytest.skip(f"no model {args[1]}")
    result = kata_run("--lang", "ja", *args)
    _assert_japanese(f"kata --lang ja {' '.join(args)}", result.stdout + result.stderr)
    assert result.stdout + result.stderr


def test_kata_lang_from_the_environment(kata_run):
    result = kata_run("--help", env={"KATA_LANG": "ja"})
    assert "使い方" in result.stdout
    _assert_japanese("KATA_LANG=ja kata --help", result.stdout)


def test_a_syntax_error_in_japanese(repo, kata_run):
    kata = C.find_kata("normal_pdf")
    (repo / kata.stub_path).write_text("def normal_pdf(x, mu=0.0, sigma=1.0)\n    return x\n")
    result = kata_run("--lang", "ja", "check", "normal_pdf")
    assert result.returncode == 1
    assert "構文エラー" in result.stdout and "normal_pdf.py:1" in result.stdout, result.stdout
    _assert_japanese("a syntax error", result.stdout + result.stderr)


def test_an_import_error_in_japanese(repo, kata_run):
    kata = C.find_kata("normal_pdf")
    (repo / kata.stub_path).write_text("import numpy_does_not_exist\n")
    result = kata_run("--lang", "ja", "check", "normal_pdf")
    assert "読み込めませんでした" in result.stdout, result.stdout
    _assert_japanese("an import error", result.stdout + result.stderr)


def test_a_data_error_in_japanese(kata_run, monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(data, "cache_dir", lambda: tmp_path / "cache")
    result = kata_run("--lang", "ja", "train", "gpt", "--fill-reference", "--device", "cpu",
                      env={data.DATA_ENV: str(tmp_path / "empty")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert data.DATA_ENV in result.stdout and "オフライン" in result.stdout, result.stdout
    _assert_japanese("a data error", result.stdout + result.stderr)


def test_progress_md_in_japanese(repo, kata_run):
    kata_run("--lang", "ja", "skip", "s00")
    _assert_japanese("PROGRESS.md", (repo / "PROGRESS.md").read_text(encoding="utf-8"))
