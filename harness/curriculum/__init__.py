"""The curriculum: stages, katas and models, read from one data file per stage.

    harness/curriculum/s02_gpt.toml    the stage's title, its katas in order, each kata's title and
                                       three hints (a nudge, a push, nearly the answer), en + ja
    harness/curriculum/models.toml     what `kata train <model>` assembles, and from which katas

Everything else derives from these files: the CLI's order, the paths of stubs, references and
specs, PROGRESS.md, and which pieces a model needs. Stages are ordered by their file names
(s00_…, s01_…). A file that does not hold what is expected is rejected with its name and the
field (`CurriculumError`); tests/harness/test_lint.py proves that the files, `katas/`, `reference/`
and `tests/` agree.

Texts are (English, Japanese) pairs: `text(pair, lang)` picks one.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Text = tuple[str, str]  # (en, ja)
LANGS = ("en", "ja")
FOLDER = Path(__file__).parent
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ID = re.compile(r"[a-z][a-z0-9_]*")
STAGE_ID = re.compile(r"s\d\d_[a-z0-9_]+")


class CurriculumError(ValueError):
    """A curriculum file holds something unexpected; the message names the file and the field."""


@dataclass(frozen=True)
class Kata:
    id: str
    title: Text
    hints: tuple[Text, Text, Text]
    stage: str

    @property
    def key(self) -> str:
        return f"{self.stage}/{self.id}"

    @property
    def stub_path(self) -> str:
        return f"katas/{self.stage}/{self.id}.py"

    @property
    def reference_path(self) -> str:
        return f"reference/{self.stage}/{self.id}.py"

    @property
    def spec_path(self) -> str:
        return f"tests/{self.stage}/test_{self.id}.py"


@dataclass(frozen=True)
class Stage:
    id: str
    title: Text
    katas: tuple[Kata, ...] = ()
    source: str = ""  # the file it was read from

    @property
    def short(self) -> str:
        return self.id.split("_")[0]


@dataclass(frozen=True)
class Model:
    """A trainable model that `kata train <id>` assembles from the learner's pieces."""
    id: str
    title: Text
    stage: str
    needs: tuple[str, ...] = field(default_factory=tuple)  # kata ids, in any stage


# --- reading and checking the files -------------------------------------------------------------

def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise CurriculumError(f"{_name(path)}: not valid TOML: {e}") from None


def _name(path: Path) -> str:
    return f"harness/curriculum/{path.name}"


def _text(value, where: str) -> Text:
    """An {en = "...", ja = "..."} table -> (en, ja); both present, Japanese really Japanese."""
    if not isinstance(value, dict):
        raise CurriculumError(f"{where}: expected a table with `en` and `ja`, got {value!r}")
    unknown = set(value) - set(LANGS)
    if unknown:
        raise CurriculumError(f"{where}: unknown language {sorted(unknown)} (only en, ja)")
    for lang in LANGS:
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise CurriculumError(f"{where}.{lang}: missing or empty")
    return value["en"], value["ja"]


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise CurriculumError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def load_stage(path: Path) -> Stage:
    where = _name(path)
    stage_id = path.stem
    if not STAGE_ID.fullmatch(stage_id):
        raise CurriculumError(f"{where}: a stage file is named sNN_name.toml")
    data = _read(path)
    _check_keys(data, {"title", "katas"}, where)
    title = _text(data.get("title"), f"{where}: title")
    katas = []
    for n, entry in enumerate(data.get("katas", [])):
        at = f"{where}: katas[{n}]"
        _check_keys(entry, {"id", "title", "hints"}, at)
        kid = entry.get("id")
        if not isinstance(kid, str) or not ID.fullmatch(kid):
            raise CurriculumError(f"{at}.id: expected a snake_case name, got {kid!r}")
        at = f"{where}: katas[{n}] ({kid})"
        hints = entry.get("hints", [])
        if len(hints) != 3:
            raise CurriculumError(f"{at}.hints: needs exactly three hints, has {len(hints)}")
        for h, hint in enumerate(hints):
            text = _text(hint, f"{at}.hints[{h}]")
            if not JAPANESE.search(text[1]):
                raise CurriculumError(f"{at}.hints[{h}].ja: has no Japanese")
        katas.append(Kata(kid, _text(entry.get("title"), f"{at}.title"),
                          tuple(_text(h, f"{at}.hints") for h in hints), stage_id))
    ids = [k.id for k in katas]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise CurriculumError(f"{where}: katas listed twice: {twice}")
    return Stage(stage_id, title, tuple(katas), where)


def load_models(path: Path, katas: dict[str, Kata], stages: dict[str, Stage]) -> dict[str, Model]:
    where = _name(path)
    data = _read(path)
    _check_keys(data, {"models"}, where)
    models: dict[str, Model] = {}
    for n, entry in enumerate(data.get("models", [])):
        at = f"{where}: models[{n}]"
        _check_keys(entry, {"id", "title", "stage", "needs"}, at)
        mid = entry.get("id")
        if not isinstance(mid, str) or not ID.fullmatch(mid) or mid in models:
            raise CurriculumError(f"{at}.id: expected a new snake_case name, got {mid!r}")
        at = f"{where}: models[{n}] ({mid})"
        if entry.get("stage") not in stages:
            raise CurriculumError(f"{at}.stage: no stage called {entry.get('stage')!r}")
        needs = entry.get("needs", [])
        unknown = [k for k in needs if k not in katas]
        if unknown:
            raise CurriculumError(f"{at}.needs: no kata called {unknown}")
        models[mid] = Model(mid, _text(entry.get("title"), f"{at}.title"), entry["stage"], tuple(needs))
    return models


def load(folder: Path = FOLDER) -> tuple[tuple[Stage, ...], dict[str, Model]]:
    stages = tuple(load_stage(p) for p in sorted(folder.glob("s[0-9][0-9]_*.toml")))
    katas: dict[str, Kata] = {}
    for stage in stages:
        for kata in stage.katas:
            if kata.id in katas:
                raise CurriculumError(f"{stage.source}: kata id {kata.id!r} is already used in "
                                      f"{katas[kata.id].stage}")
            katas[kata.id] = kata
    return stages, load_models(folder / "models.toml", katas, {s.id: s for s in stages})


STAGES, MODELS = load()


# --- look-ups ---------------------------------------------------------------------------------

def all_katas() -> list[Kata]:
    return [k for s in STAGES for k in s.katas]


def find_kata(name: str) -> Kata:
    """Find a kata by id (`attention_head`) or stage/id (`s02_gpt/attention_head`)."""
    for k in all_katas():
        if name in (k.id, k.key):
            return k
    raise KeyError(name)


def find_stage(name: str) -> Stage:
    """Find a stage by id (`s02_gpt`) or short prefix (`s02`)."""
    for s in STAGES:
        if name == s.id or s.id.startswith(name + "_"):
            return s
    raise KeyError(name)


def text(pair: Text, lang: str) -> str:
    return pair[LANGS.index(lang)] if lang in LANGS else pair[0]
