"""The one source of truth: stages, katas (titles and hints in English and Japanese) and models.

Everything else derives from this file: the CLI's order, the paths of stubs, references and specs,
PROGRESS.md, and which pieces `kata train <model>` needs. tests/harness/test_lint.py proves that
this file, `katas/`, `reference/` and `tests/` agree.

Texts are (English, Japanese) pairs. Each kata has exactly three hints, from a nudge to nearly the
answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Text = tuple[str, str]  # (en, ja)
LANGS = ("en", "ja")


@dataclass(frozen=True)
class Kata:
    id: str
    title: Text
    hints: tuple[Text, Text, Text]
    stage: str = ""  # filled in by Stage

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

    def __post_init__(self):
        # Each kata learns which stage it belongs to, so its paths can be derived.
        object.__setattr__(
            self, "katas", tuple(Kata(k.id, k.title, k.hints, self.id) for k in self.katas)
        )


@dataclass(frozen=True)
class Model:
    """A trainable model that `kata train <id>` assembles from the learner's pieces."""
    id: str
    title: Text
    stage: str
    needs: tuple[str, ...] = field(default_factory=tuple)  # kata ids, in any stage


def K(id: str, title: Text, hints: list[Text] | tuple[Text, ...]) -> Kata:
    """Shorthand for a kata entry below."""
    return Kata(id, title, tuple(hints))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------------------------

S00 = Stage("s00_probability", ("Probability with NumPy", "NumPyで学ぶ確率"), (
    # >>> s00 katas
    # <<< s00 katas
))

S01 = Stage("s01_pytorch", ("PyTorch basics", "PyTorchの基礎"), (
    # >>> s01 katas
    # <<< s01 katas
))

S02 = Stage("s02_gpt", ("A character GPT", "文字単位のGPT"), (
    # >>> s02 katas
    # <<< s02 katas
))

STAGES: tuple[Stage, ...] = (
    S00,
    S01,
    S02,
    # Stages still being written: listed so learners can see the road ahead.
    Stage("s03_vit", ("Vision Transformer", "Vision Transformer")),
    Stage("s04_captioning", ("Image captioning", "画像キャプション生成")),
    Stage("s05_vae", ("Variational autoencoder", "変分オートエンコーダ")),
    Stage("s06_ddpm", ("Diffusion (DDPM)", "拡散モデル（DDPM）")),
    Stage("s07_guidance", ("Class-conditional diffusion and guidance", "クラス条件付き拡散とガイダンス")),
    Stage("s08_quality", ("DDIM, EMA and measuring quality", "DDIM・EMAと品質評価")),
    Stage("s09_clip", ("CLIP", "CLIP")),
    Stage("s10_latent_diffusion", ("Latent diffusion", "潜在拡散モデル")),
    Stage("s11_pipeline", ("A text-to-image pipeline", "テキストから画像へのパイプライン")),
)

# ---------------------------------------------------------------------------------------------
# Trainable models
# ---------------------------------------------------------------------------------------------

MODELS: dict[str, Model] = {
    m.id: m
    for m in (
        # >>> models
        # <<< models
    )
}


# ---------------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------------

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
