"""Every message the CLI prints, in English and Japanese. `t(key, lang, **values)`.

The language comes from `--lang`, else $KATA_LANG, else English.
"""
from __future__ import annotations

import os

MESSAGES: dict[str, tuple[str, str]] = {
    "app_title": ("gen-katas — build GPT and Stable Diffusion from scratch",
                  "gen-katas — GPT と Stable Diffusion をゼロから作る"),
    "stage": ("stage", "ステージ"),
    "progress": ("progress", "進捗"),
    "locked": ("locked", "ロック中"),
    "unlocked": ("open", "挑戦中"),
    "done": ("done", "完了"),
    "skipped": ("skipped", "スキップ"),
    "coming_soon": ("coming soon", "準備中"),
    "next_kata": ("Next kata: {key} — {title}", "次のカタ: {key} — {title}"),
    "next_edit": ("edit   {path}", "編集   {path}"),
    "next_check": ("check  kata check        (or `kata watch` to rerun on every save)",
                   "確認   kata check        （保存のたびに再実行するなら `kata watch`）"),
    "next_hint": ("stuck? kata hint", "困ったら kata hint"),
    "all_done": ("Every available kata is green. Train something: kata train {models}",
                 "公開中のカタはすべてクリアです。モデルを学習してみましょう: kata train {models}"),
    "state_rebuilt": ("Progress file was {problem}; run `kata check --all` to rebuild it from the specs.",
                      "進捗ファイルが{problem}でした。`kata check --all` でテスト結果から作り直せます。"),
    "missing": ("missing", "見つかりません"),
    "corrupt": ("unreadable", "読み取れません"),
    "unknown_kata": ("No kata called {name!r}. `kata list` shows them all.",
                     "{name!r} というカタはありません。`kata list` で一覧を表示できます。"),
    "unknown_stage": ("No stage called {name!r}. Stages: {stages}",
                      "{name!r} というステージはありません。ステージ: {stages}"),
    "checking": ("Checking {key} …", "{key} を確認しています…"),
    "passed_all": ("✓ {key}: all {total} specs pass!", "✓ {key}: {total} 個のテストがすべて通りました！"),
    "passed_some": ("✗ {key}: {passed}/{total} specs pass", "✗ {key}: {passed}/{total} 個のテストが通りました"),
    "your_line": ("your code: {where}", "あなたのコード: {where}"),
    "timeout": ("✗ {key}: the specs did not finish within {seconds:.0f} s — an infinite loop?",
                "✗ {key}: {seconds:.0f} 秒以内にテストが終わりませんでした。無限ループかもしれません。"),
    "timeout_where": ("still running: {where}", "実行中だった行: {where}"),
    "crash": ("✗ {key}: the test process crashed (segfault or out of memory?)",
              "✗ {key}: テストのプロセスが異常終了しました（セグフォルトかメモリ不足？）"),
    "collect": ("✗ {key}: the specs could not run:", "✗ {key}: テストを実行できませんでした:"),
    "stage_done": ("★ Stage {stage} complete!", "★ ステージ {stage} をクリアしました！"),
    "stage_unlocked": ("🔓 Stage {stage} is unlocked: {title}", "🔓 ステージ {stage} が解放されました: {title}"),
    "model_ready": ("You can now train your own model: kata train {model}",
                    "自分で作ったモデルを学習できます: kata train {model}"),
    "then_next": ("Next: kata next", "次へ: kata next"),
    "locked_kata": ("{key} is in a locked stage; finish {prev} first or `kata skip {prev}`.",
                    "{key} はロック中のステージにあります。先に {prev} をクリアするか `kata skip {prev}` してください。"),
    "hint_title": ("Hint {n}/3 for {key}", "{key} のヒント {n}/3"),
    "hint_more": ("Run `kata hint` again for the next hint.", "もう一度 `kata hint` で次のヒントを表示します。"),
    "hint_last": ("That was the last hint. `kata solution {id}` shows the answer once the kata passes (or with --force).",
                  "最後のヒントです。カタをクリアすると `kata solution {id}` で解答を見られます（--force で今すぐ）。"),
    "solution_locked": ("Pass {key} first (kata check {id}), or use --force to peek.",
                        "先に {key} をクリアしてください（kata check {id}）。今すぐ見るなら --force を付けます。"),
    "reset_done": ("Restored the stub of {key}. Your file was backed up to {backup}",
                   "{key} のスタブを元に戻しました。あなたのファイルは {backup} に保存しました"),
    "reset_no_stub": ("No pristine stub recorded for {key}.", "{key} の元のスタブが見つかりません。"),
    "skip_done": ("Stage {stage} skipped: {next} is unlocked. Your passed katas are kept.",
                  "ステージ {stage} をスキップしました: {next} が解放されました。クリア済みのカタはそのままです。"),
    "skip_last": ("Stage {stage} marked as skipped.", "ステージ {stage} をスキップ済みにしました。"),
    "watch_start": ("Watching {path} — save to rerun, Ctrl-C to stop.",
                    "{path} を監視しています。保存すると再実行、Ctrl-C で終了します。"),
    "watch_next": ("Moving on to {key}. Edit {path}", "次は {key} です。{path} を編集してください"),
    "watch_stop": ("Stopped watching.", "監視を終了しました。"),
    "check_all": ("Re-checking every kata …", "すべてのカタを再確認しています…"),
    "summary_all": ("{passed} of {total} katas pass.", "{total} 個中 {passed} 個のカタをクリアしています。"),
    "pieces_title": ("Pieces of {model}", "{model} の部品"),
    "piece_yours": ("yours", "あなたの実装"),
    "piece_reference": ("reference (filled in)", "模範解答で補完"),
    "pieces_missing": ("{model} needs katas you have not passed yet: {missing}\n"
                       "Pass them (kata check ID), or train now with the reference filling the gaps:\n"
                       "  kata train {model} --fill-reference",
                       "{model} にはまだクリアしていないカタが必要です: {missing}\n"
                       "クリアする（kata check ID）か、模範解答で補って今すぐ学習します:\n"
                       "  kata train {model} --fill-reference"),
    "models_line": ("Models to train: {models}", "学習できるモデル: {models}"),
    "model_ready_short": ("{model} ✓ ready (kata train {model})", "{model} ✓ 準備完了（kata train {model}）"),
    "model_needs": ("{model}: {done}/{total} pieces", "{model}: 部品 {done}/{total}"),
    "unknown_model": ("No model called {name!r}. Models: {models}", "{name!r} というモデルはありません。モデル: {models}"),
    "data_missing": ("Data unavailable: {error}", "データを用意できません: {error}"),
    "progress_title": ("Progress", "進捗"),
    "progress_intro": ("Rewritten by `kata check` after every run. Commit it to carry your progress with your fork.",
                       "`kata check` を実行するたびに書き換えられます。フォークにコミットすれば進捗を持ち運べます。"),
    "list_title": ("Katas", "カタ一覧"),
    "status_todo": ("todo", "未着手"),
    "status_failed": ("failing", "未クリア"),
    "status_passed": ("passed", "クリア"),
    "verify_running": ("Running every spec on the reference (must pass) and on the stubs (must fail) …",
                       "すべてのテストを模範解答（成功が必要）とスタブ（失敗が必要）で実行しています…"),
    # `kata --help`
    "help_lang": ("language of messages (default $KATA_LANG or en)", "メッセージの言語（既定は $KATA_LANG、なければ en）"),
    "help_status": ("stages, progress and the next kata", "ステージ、進捗、次のカタ"),
    "help_list": ("every kata with its state", "すべてのカタとその状態"),
    "help_json": ("print JSON", "JSON で出力"),
    "help_next": ("the kata to do now, with its docstring", "今取り組むカタとその docstring"),
    "help_check": ("run a kata's specs and record the result", "カタのテストを実行して結果を記録"),
    "help_kata": ("kata id (default: the current kata)", "カタの ID（省略時は今のカタ）"),
    "help_all": ("re-check every kata (rebuilds progress)", "すべてのカタを再確認（進捗を再構築）"),
    "help_stage": ("re-check every kata of one stage", "1つのステージのカタをすべて再確認"),
    "help_timeout": ("seconds per kata before giving up", "1つのカタにかける最大秒数"),
    "help_hint": ("the next of three hints", "3段階のヒントの次の1つ"),
    "help_solution": ("show the reference solution (after passing)", "模範解答を表示（クリア後）"),
    "help_force": ("show it even before passing", "クリア前でも表示"),
    "help_reset": ("restore a kata's stub (your file is backed up)", "カタのスタブを元に戻す（あなたのファイルは保存）"),
    "help_skip": ("move past a stage without passing it", "ステージをクリアせずに先へ進む"),
    "help_watch": ("rerun the current kata's specs on every save", "保存のたびに今のカタのテストを再実行"),
    "help_interval": ("seconds between polls", "ファイルを確認する間隔（秒）"),
    "help_train": ("train a model built from your pieces", "あなたの部品で組み立てたモデルを学習"),
    "help_sample": ("sample from a trained model", "学習したモデルからサンプリング"),
    "help_model": ("model: {models}; its options: kata {command} MODEL --help",
                   "モデル: {models}。オプションは kata {command} MODEL --help"),
    "help_verify": ("maintainers: specs pass on reference/ and fail on katas/",
                    "メンテナ向け: テストが reference/ で通り katas/ で失敗することを確認"),
}


def lang_default() -> str:
    lang = os.environ.get("KATA_LANG", "en")
    return lang if lang in ("en", "ja") else "en"


def t(key: str, lang: str = "en", /, **values) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)
