"""The `kata` command: one obvious command for each thing a learner wants to do.

    kata                 where am I? (status)        kata hint [ID]        the next of three hints
    kata status MODEL    which katas feed a model    kata solution [ID]    the reference (once passed)
    kata list [--json]   every kata and its state    kata reset ID         restore the stub (backs yours up)
    kata next            the kata to do now          kata skip STAGE       move past a stage unpassed
    kata check [ID]      run its specs               kata unskip STAGE     bring a skipped stage back
    kata check --all     re-verify everything        kata watch            rerun on every save
    kata train MODEL     train your own model        kata sample MODEL     sample from it
    kata generate TEXT   text to image (clip, autoencoder and ldm trained)
    kata verify          (maintainers) every spec passes on reference/ and fails on katas/

`kata --help` prints this overview in the learner's language (i18n "help_epilog").
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.syntax import Syntax

from . import curriculum as C
from . import explain, generate, progress, runner, views
from .i18n import lang_default, speaking, t
from .paths import repo_root, state_dir


class CliError(Exception):
    """A message for the learner; exit code 2."""


# --- helpers ----------------------------------------------------------------------------------

def _kata(name: str | None, state: dict, lang: str) -> C.Kata:
    if name is None:
        kata = progress.current_kata(state)
        if kata is None:
            raise CliError(t("all_done", lang, models=" | ".join(C.MODELS)))
        return kata
    try:
        return C.find_kata(name)
    except KeyError:
        raise CliError(t("unknown_kata", lang, name=name)) from None


def _ready_models(state: dict) -> list[str]:
    return [m.id for m in C.MODELS.values()
            if progress.model_pieces_passed(state, m) == len(m.needs)]


def _refuse_if_locked(state: dict, stage: C.Stage, what: str, lang: str) -> None:
    if not progress.stage_unlocked(state, stage):
        before = C.STAGES[C.STAGES.index(stage) - 1]
        raise CliError(t("locked_kata", lang, key=what, prev=before.id))


def _save(state: dict, root: Path, lang: str) -> None:
    progress.save(state, root)
    progress.write_markdown(state, root, lang)


def _record_results(state: dict, results: list[dict], console: Console, lang: str) -> None:
    """Record results; announce finished stages, unlocked stages and newly trainable models."""
    ready_before = set(_ready_models(state))
    done_before = {s.id for s in C.STAGES if progress.stage_done(state, s)}
    for res in results:
        kata = C.find_kata(res["kata"])
        progress.record(state, kata, res["passed"] if not res["error"] else 0, res["total"])
    for stage in C.STAGES:
        if progress.stage_done(state, stage) and stage.id not in done_before:
            console.print(t("stage_done", lang, stage=stage.id), style="bold green")
    for stage in progress.unlock_earned(state):
        console.print(t("stage_unlocked", lang, stage=stage.id, title=C.text(stage.title, lang)),
                      style="bold cyan")
    for model in _ready_models(state):
        if model not in ready_before:
            console.print(t("model_ready", lang, model=model), style="bold magenta")


# --- commands ---------------------------------------------------------------------------------

def cmd_status(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    problem = state.get("problem")
    progress_md = args.root / "PROGRESS.md"
    # A fresh clone of a learner's fork has PROGRESS.md but no (git-ignored) state file.
    carried = progress_md.exists() and "- [x]" in progress_md.read_text(encoding="utf-8")
    if problem == "corrupt" or (problem == "missing" and carried):
        console.print(t("state_rebuilt", lang, problem=t(problem, lang)), style="yellow")
    model = getattr(args, "model", None)
    if model:
        if model not in C.MODELS:
            raise CliError(t("unknown_model", lang, name=model, models=", ".join(C.MODELS) or "—"))
        views.model_status(console, state, C.MODELS[model], lang)
        return 0
    views.status(console, state, lang)
    kata = progress.current_kata(state)
    views.next_kata(console, kata, lang, list(C.MODELS), progress.from_skipped(state, kata))
    return 0


def cmd_list(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    rows = [{"stage": k.stage, "id": k.id, "title": C.text(k.title, lang), "file": k.stub_path,
             "test": k.spec_path, "reference": k.reference_path,
             "status": progress.status_of(state, k)} for k in C.all_katas()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        views.kata_list(console, rows, lang)
    return 0


def cmd_next(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    kata = progress.current_kata(state)
    views.next_kata(console, kata, lang, list(C.MODELS), progress.from_skipped(state, kata))
    if kata is not None:
        source = (args.root / kata.stub_path).read_text(encoding="utf-8")
        docstring = explain.of_file(source, lang)
        if docstring:  # preformatted: its lines as written, never re-wrapped
            console.print(docstring, markup=False, highlight=False, soft_wrap=True)
    return 0


def cmd_check(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    if args.all:
        katas = C.all_katas()
        console.print(t("check_all", lang))
    elif args.stage:
        stage = _find_stage(args.stage, lang)
        _refuse_if_locked(state, stage, stage.id, lang)
        katas = list(stage.katas)
    else:
        kata = _kata(args.kata, state, lang)
        _refuse_if_locked(state, C.find_stage(kata.stage), kata.key, lang)
        katas = [kata]
        console.print(t("checking", lang, key=kata.key), style="dim")
    runner.preload()
    results = []
    many = len(katas) > 1 or args.all or args.stage
    for kata in katas:
        res = runner.check_katas([kata], root=args.root, timeout=args.timeout, lang=lang)[0]
        results.append(res)
        if many:
            ok = runner.is_green(res)
            console.print(("✓ " if ok else "✗ ") + kata.key, style="green" if ok else "red",
                          highlight=False)
        else:
            views.result(console, res, lang, args.timeout)
    if many:
        passed = sum(map(runner.is_green, results))
        console.print(t("summary_all", lang, passed=passed, total=len(results)))
    _record_results(state, results, console, lang)
    _save(state, args.root, lang)
    ok = all(map(runner.is_green, results))
    if ok and not many:
        console.print(t("then_next", lang), style="dim")
    return 0 if ok else 1


def cmd_hint(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    kata = _kata(args.kata, state, lang)
    shown = state["hints"].get(kata.key, 0)
    n = min(shown + 1, 3)
    state["hints"][kata.key] = n
    progress.save(state, args.root)
    console.print(f"[bold]{t('hint_title', lang, n=n, key=kata.key)}[/bold]")
    console.print(C.text(kata.hints[n - 1], lang), markup=False, highlight=False)
    console.print(t("hint_more" if n < 3 else "hint_last", lang, id=kata.id), style="dim")
    return 0


def cmd_solution(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    kata = _kata(args.kata, state, lang)
    if progress.status_of(state, kata) != "passed" and not args.force:
        raise CliError(t("solution_locked", lang, key=kata.key, id=kata.id))
    code = (args.root / kata.reference_path).read_text(encoding="utf-8")
    if console.is_terminal:  # colours and line numbers; long lines wrap, never cropped
        console.print(Syntax(code, "python", line_numbers=True, word_wrap=True))
    else:  # a pipe or a file: the code exactly as written
        console.print(code, markup=False, highlight=False, soft_wrap=True, end="")
    return 0


def cmd_reset(args, console: Console, lang: str) -> int:
    from . import pristine

    state = progress.load(args.root)
    kata = _kata(args.kata, state, lang)
    stub = pristine.stub_text(kata)
    if stub is None:
        raise CliError(t("reset_no_stub", lang, key=kata.key))
    target = args.root / kata.stub_path
    backup = state_dir(args.root) / "backups" / kata.stage / f"{kata.id}-{time.strftime('%Y%m%d-%H%M%S')}.py"
    backup.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        backup.write_bytes(target.read_bytes())
    target.write_text(stub, encoding="utf-8")
    state["katas"].pop(kata.key, None)
    state["hints"].pop(kata.key, None)
    _save(state, args.root, lang)
    console.print(t("reset_done", lang, key=kata.key, backup=backup.relative_to(args.root)))
    return 0


def _find_stage(name: str, lang: str) -> C.Stage:
    try:
        return C.find_stage(name)
    except KeyError:
        raise CliError(t("unknown_stage", lang, name=name,
                         stages=", ".join(s.id for s in C.STAGES))) from None


def cmd_skip(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    stage = _find_stage(args.stage, lang)
    if not stage.katas:
        raise CliError(t("skip_empty", lang, stage=stage.id))
    if progress.stage_done(state, stage):
        raise CliError(t("skip_already_done", lang, stage=stage.id))
    # Skipping a stage skips past it: it and every unfinished stage before it.
    for before in C.STAGES[: C.STAGES.index(stage) + 1]:
        if before.katas and not progress.stage_done(state, before) and before.id not in state["skipped"]:
            state["skipped"].append(before.id)
    progress.unlock_earned(state)
    _save(state, args.root, lang)
    index = C.STAGES.index(stage)
    following = C.STAGES[index + 1] if index + 1 < len(C.STAGES) else None
    if following is None:
        console.print(t("skip_last", lang, stage=stage.id))
    elif not following.katas:
        console.print(t("skip_done_next_empty", lang, stage=stage.id, next=following.id, short=stage.short))
    else:
        console.print(t("skip_done", lang, stage=stage.id, next=following.id, short=stage.short))
    return 0


def cmd_unskip(args, console: Console, lang: str) -> int:
    state = progress.load(args.root)
    stage = _find_stage(args.stage, lang)
    if not progress.unskip(state, stage):
        raise CliError(t("unskip_not_skipped", lang, stage=stage.id,
                         skipped=", ".join(state["skipped"]) or t("none", lang)))
    _save(state, args.root, lang)
    console.print(t("unskip_done", lang, stage=stage.id, open=len(progress.open_katas(state, stage))))
    return 0


def _mtimes(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.glob("*.py")}


def cmd_watch(args, console: Console, lang: str) -> int:
    """Rerun the current kata's specs whenever a file of its stage changes (polling: it works on
    every file system, editors that replace files included)."""
    runner.preload()
    state = progress.load(args.root)
    kata = _kata(args.kata, state, lang)
    console.print(t("watch_start", lang, path=kata.stub_path), style="cyan")
    seen: dict[str, float] = {}
    try:
        while True:
            folder = args.root / "katas" / kata.stage
            now = _mtimes(folder)
            if now != seen:
                seen = now
                res = runner.check_katas([kata], root=args.root, timeout=args.timeout, lang=lang)[0]
                console.rule(kata.key)
                views.result(console, res, lang, args.timeout)
                state = progress.load(args.root)
                _record_results(state, [res], console, lang)
                _save(state, args.root, lang)
                if runner.is_green(res) and args.kata is None:
                    following = progress.current_kata(state)
                    if following is None:
                        console.print(t("all_done", lang, models=" | ".join(C.MODELS)), style="green")
                        return 0
                    kata = following
                    console.print(t("watch_next", lang, key=kata.key, path=kata.stub_path), style="cyan")
                    seen = _mtimes(args.root / "katas" / kata.stage)
            if args.once:
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        console.print(t("watch_stop", lang))
        return 0


def _trainer(model: str, lang: str):
    if model not in C.MODELS:
        raise CliError(t("unknown_model", lang, name=model, models=", ".join(C.MODELS) or "—"))
    return importlib.import_module(f"harness.train.{model}")


def _model_parser(model: str, command: str, lang: str = "en") -> argparse.ArgumentParser:
    """The options every `kata train/sample MODEL` has; the trainer (harness/train/loop.py) adds
    --device, --threads and the rest."""
    parser = argparse.ArgumentParser(prog=f"kata {command} {model}")
    parser.add_argument("--fill-reference", action="store_true",
                        help=t("help_model_fill_reference", lang))
    parser.add_argument("--out", type=Path, default=None, help=t("help_model_out", lang))
    parser.add_argument("--seed", type=int, default=None, help=t("help_model_seed", lang))
    parser.add_argument("--lang", choices=["en", "ja"], default=None, help=argparse.SUPPRESS)
    return parser


def _model_options(args, command: str, add_arguments, lang: str) -> argparse.Namespace:
    parser = _model_parser(args.model, command, lang)
    if add_arguments is not None:
        add_arguments(parser, lang)
    opts = parser.parse_args(args.rest)
    opts.lang = opts.lang or lang
    opts.root = args.root
    opts.out = opts.out or args.root / "runs" / args.model
    opts.argv = [command, args.model, *args.rest]  # what a torchrun relaunch repeats
    return opts


def cmd_train(args, console: Console, lang: str) -> int:
    from .assemble import PiecesMissing, assemble
    from .data import DataUnavailable

    from .train.common import TrainerError

    trainer = _trainer(args.model, lang)
    opts = _model_options(args, "train", trainer.add_arguments, lang)
    lang = opts.lang
    try:
        assembly = assemble(args.model, fill_reference=opts.fill_reference, root=args.root)
    except PiecesMissing as e:
        raise CliError(t("pieces_missing", lang, model=e.model, missing=", ".join(e.missing))) from None
    if "RANK" not in os.environ:  # torchrun's ranks: the parent already showed it
        views.owners(console, args.model, assembly.owners, lang)
    try:
        trainer.train(opts, assembly, console)
    except DataUnavailable as e:
        raise CliError(t("data_missing", lang, error=e)) from None
    except TrainerError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_sample(args, console: Console, lang: str) -> int:
    from .assemble import assemble
    from .data import DataUnavailable

    from .train.common import TrainerError

    trainer = _trainer(args.model, lang)
    if not hasattr(trainer, "sample"):
        raise CliError(t("loop_no_sampler", lang, name=args.model))
    opts = _model_options(args, "sample", getattr(trainer, "add_sample_arguments", None), lang)
    try:
        # The checkpoint only needs the architecture: fill gaps with the reference.
        trainer.sample(opts, assemble(args.model, fill_reference=True, root=args.root), console)
    except DataUnavailable as e:
        raise CliError(t("data_missing", opts.lang, error=e)) from None
    except TrainerError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_eval(args, console: Console, lang: str) -> int:
    """`kata eval MODEL`: generate digits from the trained model and let the judge read them."""
    from .assemble import assemble
    from .data import DataUnavailable

    from .train.common import TrainerError

    trainer = _trainer(args.model, lang)
    if not hasattr(trainer, "evaluate_samples"):
        raise CliError(t("eval_not_judged", lang, name=args.model,
                         models=", ".join(m for m in C.MODELS if hasattr(_trainer(m, lang), "evaluate_samples"))))
    opts = _model_options(args, "eval", trainer.add_eval_arguments, lang)
    try:
        trainer.evaluate_samples(opts, assemble(args.model, fill_reference=True, root=args.root), console)
    except DataUnavailable as e:
        raise CliError(t("data_missing", opts.lang, error=e)) from None
    except TrainerError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_generate(args, console: Console, lang: str) -> int:
    """`kata generate PROMPT`: text to image with the trained checkpoints (harness/generate.py)."""
    from .train.common import TrainerError

    try:
        generate.run(args, console, lang)
    except TrainerError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_verify(args, console: Console, lang: str) -> int:
    console.print(t("verify_running", lang))
    return subprocess.call([sys.executable, "-m", "pytest", "--honesty", *args.rest], cwd=args.root)


# --- parser -----------------------------------------------------------------------------------

def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["en", "ja"], default=argparse.SUPPRESS,
                        help=t("help_lang", lang))
    parser = argparse.ArgumentParser(prog="kata", parents=[common],
                                     description=t("app_title", lang),
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=t("help_epilog", lang))
    sub = parser.add_subparsers(dest="command")

    def add(name, func):
        p = sub.add_parser(name, parents=[common], help=t(f"help_{name}", lang))
        p.set_defaults(func=func)
        return p

    add("status", cmd_status).add_argument("model", nargs="?", metavar="MODEL",
                                           help=t("help_status_model", lang))
    add("list", cmd_list).add_argument("--json", action="store_true", help=t("help_json", lang))
    add("next", cmd_next)
    p = add("check", cmd_check)
    p.add_argument("kata", nargs="?", help=t("help_kata", lang))
    p.add_argument("--all", action="store_true", help=t("help_all", lang))
    p.add_argument("--stage", help=t("help_stage", lang))
    p.add_argument("--timeout", type=float, default=runner.DEFAULT_TIMEOUT, help=t("help_timeout", lang))
    add("hint", cmd_hint).add_argument("kata", nargs="?", help=t("help_kata", lang))
    p = add("solution", cmd_solution)
    p.add_argument("kata", nargs="?", help=t("help_kata", lang))
    p.add_argument("--force", action="store_true", help=t("help_force", lang))
    add("reset", cmd_reset).add_argument("kata", metavar="ID", help=t("help_kata_id", lang))
    add("skip", cmd_skip).add_argument("stage", metavar="STAGE", help=t("help_stage_id", lang))
    add("unskip", cmd_unskip).add_argument("stage", metavar="STAGE", help=t("help_stage_id", lang))
    p = add("watch", cmd_watch)
    p.add_argument("kata", nargs="?", help=t("help_kata", lang))
    p.add_argument("--interval", type=float, default=0.25, help=t("help_interval", lang))
    p.add_argument("--timeout", type=float, default=runner.DEFAULT_TIMEOUT, help=t("help_timeout", lang))
    p.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    for name, func in (("train", cmd_train), ("sample", cmd_sample), ("eval", cmd_eval)):
        p = add(name, func)
        p.add_argument("model", help=t("help_model", lang, models=", ".join(C.MODELS), command=name))
        p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    generate.add_arguments(add("generate", cmd_generate), lang)
    add("verify", cmd_verify).add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _lang_from(argv: list[str]) -> str:
    """The language asked for on the command line (needed before parsing, for --help)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("en", "ja"):
            return argv[i + 1]
        if arg in ("--lang=en", "--lang=ja"):
            return arg.split("=")[1]
    return lang_default()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = _lang_from(argv)
    with speaking(lang):  # argparse's own words (usage, errors) in `lang` too
        return _main(argv, lang)


def _main(argv: list[str], lang: str) -> int:
    args = build_parser(lang).parse_args(argv)
    args.root = repo_root()
    console = Console(highlight=False)
    func = getattr(args, "func", cmd_status)
    try:
        return func(args, console, lang)
    except CliError as e:
        console.print(str(e), style="yellow", markup=False)
        return 2
    except Exception as e:  # a harness bug: say so briefly, keep the details for a bug report
        import traceback

        log = state_dir(args.root) / "last_error.txt"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        console.print(t("internal_error", lang, error=f"{type(e).__name__}: {e}", log=log),
                      style="red", markup=False)
        return 3


if __name__ == "__main__":
    sys.exit(main())
