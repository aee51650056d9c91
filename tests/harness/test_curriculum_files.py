"""The curriculum loader rejects a broken stage file and names the file and the field."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness import curriculum as C

GOOD_KATA = '''
[[katas]]
id = "normal_pdf"
title.en = "The normal density"
title.ja = "正規分布の確率密度"
[[katas.hints]]
en = "one"
ja = "ひとつ"
[[katas.hints]]
en = "two"
ja = "ふたつ"
[[katas.hints]]
en = "three"
ja = "みっつ"
'''


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(C.FOLDER / "models.toml", tmp_path / "models.toml")
    for path in C.FOLDER.glob("s*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_the_shipped_files_load(folder):
    stages, models = C.load(folder)
    assert [s.id for s in stages] == [s.id for s in C.STAGES]
    assert set(models) == set(C.MODELS)


@pytest.mark.parametrize("edit, field", [
    (lambda s: s.replace('title.ja = "正規分布の確率密度"', ""), "katas[0] (normal_pdf).title.ja"),
    (lambda s: s.replace('ja = "みっつ"', 'ja = "three"'), "katas[0] (normal_pdf).hints[2].ja"),
    (lambda s: s.replace('[[katas.hints]]\nen = "three"\nja = "みっつ"\n', ""), "katas[0] (normal_pdf).hints"),
    (lambda s: s.replace('id = "normal_pdf"', 'id = "Normal PDF"'), "katas[0].id"),
    (lambda s: s.replace('id = "normal_pdf"', 'id = "normal_pdf"\nhint = "typo"'), "katas[0]: unknown field(s) ['hint']"),
    (lambda s: s + GOOD_KATA, "listed twice"),
    (lambda s: s + "\n[[katas]\n", "not valid TOML"),
])
def test_a_broken_stage_file_is_named(folder, edit, field):
    path = folder / "s00_probability.toml"
    path.write_text('title.en = "Probability"\ntitle.ja = "確率"\n' + edit(GOOD_KATA), encoding="utf-8")
    with pytest.raises(C.CurriculumError) as info:
        C.load(folder)
    message = str(info.value)
    assert "harness/curriculum/s00_probability.toml" in message, message
    assert field in message, message


def test_a_model_needing_an_unknown_kata_is_named(folder):
    path = folder / "models.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"accuracy"', '"acuracy"'), encoding="utf-8")
    with pytest.raises(C.CurriculumError, match=r"models.toml: models\[0\] \(mlp\).needs: .*acuracy"):
        C.load(folder)
