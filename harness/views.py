"""How things look in the terminal (rich). No logic here: cli.py decides, views.py draws."""
from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from . import curriculum as C
from . import progress
from .i18n import t

MAX_MESSAGES = 4  # per failing test: enough to see the pattern, short enough to read


def status(console: Console, state: dict, lang: str) -> None:
    console.print(f"[bold]{t('app_title', lang)}[/bold]\n")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column(no_wrap=True)                       # s00
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=34)  # title
    table.add_column(width=20)                           # bar
    table.add_column(justify="right", no_wrap=True)      # 3/10
    table.add_column(no_wrap=True)                       # state
    for stage in C.STAGES:
        short, title = stage.id.split("_")[0], C.text(stage.title, lang)
        if not stage.katas:
            table.add_row(Text(short, style="dim"), Text(title, style="dim"), "", "",
                          Text(t("coming_soon", lang), style="dim"))
            continue
        done = sum(progress.status_of(state, k) == "passed" for k in stage.katas)
        if progress.stage_done(state, stage):
            mark = Text("✓ " + t("done", lang), style="green")
        elif stage.id in state["skipped"]:
            mark = Text("» " + t("skipped", lang), style="yellow")
        elif progress.stage_unlocked(state, stage):
            mark = Text("▶ " + t("unlocked", lang), style="cyan")
        else:
            mark = Text("🔒 " + t("locked", lang), style="dim")
        bar = ProgressBar(total=len(stage.katas), completed=done, width=20,
                          complete_style="green", finished_style="green")
        table.add_row(short, title, bar, f"{done}/{len(stage.katas)}", mark)
    console.print(table)
    console.print()
    models = []
    for model in C.MODELS.values():
        done = progress.model_pieces_passed(state, model)
        models.append(t("model_ready_short", lang, model=model.id) if done == len(model.needs)
                      else t("model_needs", lang, model=model.id, done=done, total=len(model.needs)))
    if models:
        console.print(t("models_line", lang, models=" · ".join(models)), style="magenta")
        console.print(t("models_detail", lang, model=next(iter(C.MODELS))), style="dim")
        console.print()


def model_status(console: Console, state: dict, model: C.Model, lang: str) -> None:
    """`kata status MODEL`: the katas the model is assembled from, each ✓ or ✗, and why a passed
    kata may not count (it is not one of the model's pieces)."""
    needed = [C.find_kata(k) for k in model.needs]
    done = progress.model_pieces_passed(state, model)
    console.print(f"[bold]{t('model_pieces_title', lang, model=model.id, done=done, total=len(needed))}"
                  f"[/bold] — {C.text(model.title, lang)}")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column(no_wrap=True)                 # ✓ / ✗
    table.add_column(no_wrap=True)                 # stage
    table.add_column(no_wrap=True)                 # id
    table.add_column(overflow="fold")              # title
    for kata in needed:
        ok = progress.status_of(state, kata) == "passed"
        table.add_row(Text("✓" if ok else "✗", style="green" if ok else "red"),
                      kata.stage.split("_")[0], kata.id, C.text(kata.title, lang))
    console.print(table)
    console.print()
    unused = [k.id for k in C.all_katas()
              if progress.status_of(state, k) == "passed" and k.id not in model.needs]
    if unused:
        console.print(t("model_unused", lang, model=model.id, katas=", ".join(unused)), style="dim")
    key = "model_pieces_ready" if done == len(needed) else "model_pieces_fill"
    console.print(t(key, lang, model=model.id), style="magenta")


def next_kata(console: Console, kata: C.Kata | None, lang: str, models: list[str],
              from_skipped: bool = False) -> None:
    if kata is None:
        console.print(t("all_done", lang, models=" | ".join(models) or "—"), style="green")
        return
    if from_skipped:
        console.print(t("next_from_skipped", lang, stage=kata.stage, short=kata.stage.split("_")[0]),
                      style="yellow")
    body = "\n".join([
        t("next_edit", lang, path=kata.stub_path),
        t("next_check", lang),
        t("next_hint", lang),
    ])
    console.print(Panel(body, title=t("next_kata", lang, key=kata.key, title=C.text(kata.title, lang)),
                        title_align="left", border_style="cyan", expand=False))


def result(console: Console, res: dict, lang: str, timeout: float) -> None:
    key = res["kata"]
    if res["error"] == "timeout":
        console.print(t("timeout", lang, key=key, seconds=timeout), style="red")
        if res.get("where"):
            console.print("  " + t("timeout_where", lang, where=res["where"]), style="yellow")
        return
    if res["error"] == "crash":
        console.print(t("crash", lang, key=key), style="red")
        return
    if res["error"] == "collect":
        console.print(t("collect", lang, key=key), style="red")
        for line in (res.get("detail") or "").splitlines():
            console.print("  " + line, style="yellow", markup=False, highlight=False)
        return
    if res["passed"] == res["total"]:
        console.print(t("passed_one" if res["total"] == 1 else "passed_all", lang, key=key,
                        total=res["total"]), style="bold green")
        return
    console.print(t("passed_some", lang, key=key, passed=res["passed"], total=res["total"]),
                  style="bold red")
    shown: dict[tuple, list[str]] = {}  # failures that read the same are told once
    for test in res["tests"]:
        if test["outcome"] == "passed":
            console.print(Text("  ✓ " + test["name"], style="green"))
            continue
        same = (tuple(test["messages"]), test.get("where"), tuple(_notes(test, lang)))
        if same in shown:
            shown[same].append(test["name"])
            continue
        shown[same] = [test["name"]]
    for (messages, where, notes), names in shown.items():
        console.print(Text("  ✗ " + ", ".join(names), style="red"))
        for message in messages[:MAX_MESSAGES]:
            console.print(Text("      " + message.replace("\n", "\n      ")))
        if len(messages) > MAX_MESSAGES:
            console.print(Text(f"      … (+{len(messages) - MAX_MESSAGES})", style="dim"))
        if where:
            console.print(Text("      " + t("your_line", lang, where=where), style="yellow"))
        for note in notes:
            console.print(Text("      " + note, style="yellow"))


def _notes(test: dict, lang: str) -> list[str]:
    """What the runner found out besides the messages: where an error surfaced in an earlier
    piece, where the first NaN/inf came from."""
    notes = []
    if test.get("inner"):
        notes.append(t("raised_inside", lang, inner=test["inner"]))
    if test.get("non_finite"):
        kind, where = test["non_finite"]
        notes.append(t("non_finite_from", lang, kind=kind, where=where))
    return notes


_STATUS_STYLE = {"passed": "green", "failed": "red", "todo": "dim"}


def kata_list(console: Console, rows: list[dict], lang: str) -> None:
    """Every kata with its file, spec and status. Paths are never cut: a wide terminal gets a
    table, a narrow one (or a pipe) a list with the paths on lines of their own."""
    def status(row):
        return Text(t("status_" + row["status"], lang), style=_STATUS_STYLE[row["status"]])

    widest = {key: max((len(r[key]) for r in rows), default=0) for key in ("id", "title", "file", "test")}
    if sum(widest.values()) + 35 <= console.width:
        table = Table(title=t("list_title", lang), show_edge=False)
        for key in ("col_stage", "col_kata", "col_title", "col_file", "col_spec", "col_status"):
            table.add_column(t(key, lang), no_wrap=True)
        for row in rows:
            table.add_row(row["stage"].split("_")[0], row["id"], row["title"], row["file"], row["test"],
                          status(row))
        console.print(table)
        return
    console.print(f"[bold]{t('list_title', lang)}[/bold]")
    stage = None
    for row in rows:
        if row["stage"] != stage:
            stage = row["stage"]
            console.print()
            console.print(Text(f"{stage} · {C.text(C.find_stage(stage).title, lang)}", style="bold"))
        line = Text("  ")
        line.append(row["id"], style="bold")
        line.append(f"  {row['title']}  ")
        line.append_text(status(row))
        console.print(line, soft_wrap=True)
        for key in ("file", "test"):
            console.print(Text(f"      {t('col_' + ('spec' if key == 'test' else key), lang)}: {row[key]}",
                               style="dim"), soft_wrap=True)


def owners(console: Console, model: str, owners: dict[str, str], lang: str) -> None:
    table = Table(title=t("pieces_title", lang, model=model), show_edge=False)
    table.add_column("kata")
    table.add_column("")
    for key, who in owners.items():
        table.add_row(key, Text(t("piece_" + who, lang), style="green" if who == "yours" else "yellow"))
    console.print(table)
