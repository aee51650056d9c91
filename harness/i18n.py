"""Every message the CLI prints, in English and Japanese. `t(key, lang, **values)`.

The language comes from `--lang`, else $KATA_LANG, else English.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

MESSAGES: dict[str, tuple[str, str]] = {
    # --- CLI, runner, progress, data (harness/cli.py, views.py, runner.py, progress.py, data.py,
    # loader.py) ------------------------------------------------------------------------------------
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
    "help_eval": ("let the judge (an MNIST classifier) read digits a trained model draws",
                  "学習したモデルが描いた数字を判定器（MNIST 分類器）で評価"),
    "eval_not_judged": ("`kata eval` judges models that draw digits; {name} does not. Those that do: {models}",
                        "`kata eval` は数字を描くモデルを評価します。{name} は対象外です。対象: {models}"),
    "help_verify": ("maintainers: specs pass on reference/ and fail on katas/",
                    "メンテナ向け: テストが reference/ で通り katas/ で失敗することを確認"),
    "help_epilog": (
        "commands:\n"
        "  kata                 where am I? (status)        kata hint [ID]        the next of three hints\n"
        "  kata status MODEL    which katas feed a model    kata solution [ID]    the reference (once passed)\n"
        "  kata list [--json]   every kata and its state    kata reset ID         restore the stub (backs yours up)\n"
        "  kata next            the kata to do now          kata skip STAGE       move past a stage unpassed\n"
        "  kata check [ID]      run its specs               kata unskip STAGE     bring a skipped stage back\n"
        "  kata check --all     re-verify everything        kata watch            rerun on every save\n"
        "  kata train MODEL     train your own model        kata sample MODEL     sample from it\n"
        "  kata eval MODEL      the judge reads its digits\n"
        "  kata generate TEXT   text to image (after kata train clip, autoencoder, ldm)\n"
        "  kata verify          (maintainers) every spec passes on reference/ and fails on katas/",
        "コマンド:\n"
        "  kata                 現在地（進捗）を表示           kata hint [ID]        3段階のヒントを1つずつ\n"
        "  kata status MODEL    モデルに使われるカタを表示     kata solution [ID]    模範解答（クリア後）\n"
        "  kata list [--json]   すべてのカタとその状態         kata reset ID         スタブに戻す（あなたのファイルは保存）\n"
        "  kata next            今取り組むカタ                 kata skip STAGE       ステージを飛ばして先へ進む\n"
        "  kata check [ID]      テストを実行                   kata unskip STAGE     スキップしたステージに戻る\n"
        "  kata check --all     すべてを再確認                 kata watch            保存のたびに再実行\n"
        "  kata train MODEL     自分のモデルを学習             kata sample MODEL     学習したモデルで生成\n"
        "  kata eval MODEL      生成した数字を判定器で評価\n"
        "  kata generate TEXT   テキストから画像を生成（kata train clip, autoencoder, ldm の後）\n"
        "  kata verify          （メンテナ向け）reference/ で通り katas/ で失敗することを確認"),
    "help_unskip": ("bring a skipped stage back into the learning order", "スキップしたステージを学習の順番に戻す"),
    "help_status_model": ("a model (e.g. gpt): list the katas it is built from", "モデル名（例: gpt）: そのモデルを組み立てるカタを一覧表示"),
    "help_kata_id": ("kata id, e.g. normal_pdf", "カタの ID。例: normal_pdf"),
    "help_stage_id": ("stage, e.g. s02 or s02_gpt", "ステージ。例: s02 または s02_gpt"),
    "internal_error": ("kata: internal error: {error} (details: {log}). Please report it with that file.",
                       "kata: 内部エラーが発生しました: `{error}`（詳細: {log}）。お手数ですが、このファイルを添えて報告してください。"),
    "passed_one": ("✓ {key}: the spec passes!", "✓ {key}: テストが通りました！"),
    "skip_empty": ("Stage {stage} has no katas yet: it is not available, so there is nothing to skip.",
                   "ステージ {stage} にはまだカタがありません。公開前のステージなので、スキップできません。"),
    "skip_already_done": ("Stage {stage} is already complete: there is nothing to skip.",
                          "ステージ {stage} はすでにクリアしています。スキップする必要はありません。"),
    "skip_done": ("Stage {stage} skipped: {next} is unlocked. Your passed katas are kept; once the unlocked "
                     "katas are green, `kata next` brings you back to the open ones ({short}: `kata unskip {short}` "
                     "returns to it now).",
                     "ステージ {stage} をスキップしました: {next} が解放されました。クリア済みのカタはそのままです。"
                     "解放済みのカタをすべてクリアすると、`kata next` が残りのカタに案内します"
                     "（今すぐ戻るなら `kata unskip {short}`）。"),
    "skip_done_next_empty": ("Stage {stage} skipped. The next stage, {next}, has no katas yet. "
                             "`kata unskip {short}` brings {stage} back.",
                             "ステージ {stage} をスキップしました。次のステージ {next} にはまだカタがありません。"
                             "`kata unskip {short}` で {stage} に戻れます。"),
    "unskip_done": ("Stage {stage} is back in order: `kata next` takes you to its open katas ({open} left).",
                    "ステージ {stage} を元の順番に戻しました。`kata next` で残りのカタ（あと {open} 個）に進めます。"),
    "unskip_not_skipped": ("Stage {stage} is not skipped (skipped: {skipped}).",
                           "ステージ {stage} はスキップされていません（スキップ中: {skipped}）。"),
    "none": ("none", "なし"),
    "next_from_skipped": ("Every unlocked kata is green; this one is from {stage}, a stage you skipped. "
                          "(`kata unskip {short}` puts it back in order.)",
                          "解放済みのカタはすべてクリアしました。このカタはスキップしたステージ {stage} のものです"
                          "（`kata unskip {short}` でこのステージを元の順番に戻せます）。"),
    "models_detail": ("Which katas a model uses: kata status MODEL (e.g. kata status {model})",
                      "モデルに使われるカタを見るには: kata status MODEL（例: kata status {model}）"),
    "model_pieces_title": ("{model} is built from these katas: {done}/{total} passed",
                           "{model} はこれらのカタで組み立てます: {done}/{total} 個クリア"),
    "model_pieces_ready": ("Every piece is passed: kata train {model}", "部品はすべてそろっています: kata train {model}"),
    "model_pieces_fill": ("Train now with the reference in place of the ✗ pieces: kata train {model} --fill-reference",
                          "✗ の部品を模範解答で補って今すぐ学習するなら: kata train {model} --fill-reference"),
    "model_unused": ("Passed, but not a piece of {model}: {katas}",
                     "クリア済みですが {model} の部品ではないカタ: {katas}"),
    "col_stage": ("stage", "ステージ"),
    "col_kata": ("kata", "カタ"),
    "col_title": ("title", "タイトル"),
    "col_file": ("file", "ファイル"),
    "col_spec": ("spec", "テスト"),
    "col_status": ("status", "状態"),
    # the runner (harness/runner.py) and the loader (harness/loader.py)
    "not_implemented": ("not implemented yet", "まだ実装されていません"),
    "not_raised": ("expected a {error} for bad input, but nothing was raised",
                   "不正な入力には {error} を送出するはずですが、何も送出されませんでした"),
    "no_specs": ("no specs ran", "テストが1つも実行されませんでした"),
    "error_raised": ("{error}", "エラーが発生しました: {error}"),
    "shape_dim": ("shapes do not match{op}: {a} and {b} differ at dimension {dim}",
                  "形状が合いません{op}: 次元 {dim} の大きさが {a} と {b} で食い違っています"),
    "shape_mismatch": ("shapes do not match{op}: {shapes}{detail}", "形状が合いません{op}: {shapes}{detail}"),
    "shape_and": (" and ", " と "),
    "shape_in": (" in {op}", "（{op}）"),
    "shape_matmul": ("shapes do not match for a matrix product: {a} @ {b} (the columns on the left must equal "
                     "the rows on the right)",
                     "行列積の形状が合いません: {a} @ {b}（左の列数と右の行数が同じである必要があります）"),
    "shape_broadcast": ("shapes do not match: {shapes} cannot be broadcast together",
                        "形状が合いません: {shapes} はブロードキャストできません"),
    "shape_reshape": ("cannot reshape {size} values into the shape {shape}",
                      "要素数 {size} の値は形状 {shape} に変形できません"),
    "raised_inside": ("(the error surfaced inside {inner}, called from this line of your kata)",
                      "（エラーは {inner} の中で起きました。呼び出したのはこのカタのこの行です）"),
    "non_finite_from": ("the first {kind} came from: {where}", "最初の {kind} が生じた行: {where}"),
    "import_syntax": ("{path} has a syntax error at {where}: {msg}\n    {line}",
                      "{path} に構文エラーがあります（{where}）: {msg}\n    {line}"),
    "import_failed": ("{path} failed to import: {error}{where}", "{path} を読み込めませんでした: {error}{where}"),
    "import_at": (" (at {where})", "（場所: {where}）"),
    # harness/data.py
    "data_download_failed": (
        "Could not get {what}: the download failed ({error}).\n"
        "Offline? Put the files in a folder and set {env} to it, e.g.\n"
        "  {env}=/path/to/data   with   /path/to/data/{relative}",
        "{what} を取得できませんでした: ダウンロードに失敗しました（`{error}`）。\n"
        "オフラインの場合は、ファイルをフォルダに置いて {env} にそのフォルダを指定してください。例:\n"
        "  {env}=/path/to/data   として   /path/to/data/{relative} に置きます"),
    # --- trainers and the training loop (harness/train/) ------------------------------------------
    # The loop (harness/train/loop.py), shared by every `kata train <model>` / `kata sample <model>`.
    "loop_threads_given": ("CPU threads: {n} (--threads).", "CPU スレッド数: {n}（--threads で指定）。"),
    "loop_threads_free": ("CPU threads: {n}, the free cores ({cores} cores, {load:.1f} of them busy with "
                          "other programs); choose with --threads N.",
                          "CPU スレッド数: {n}（空いているコア数。コア {cores} 個のうち {load:.1f} 個分は"
                          "ほかのプログラムが使用中）。--threads N で変えられます。"),
    "loop_setup": ("{name}: {params:,} parameters on {device}{ddp}; {steps:,} steps, an evaluation "
                   "every {every:,}.",
                   "{name}: パラメータ数 {params:,}、デバイス {device}{ddp}。{steps:,} ステップ学習し、"
                   "{every:,} ステップごとに評価します。"),
    "loop_eval": ("step {it}: {figures}", "ステップ {it}: {figures}"),
    "loop_list_sep": (", ", "、"),
    "loop_bar_loss": ("loss", "損失"),
    "loop_metric_train_loss": ("train loss", "訓練損失"),
    "loop_metric_val_loss": ("val loss", "検証損失"),
    "loop_metric_test_loss": ("test loss", "テスト損失"),
    "loop_metric_test_accuracy": ("test accuracy", "テスト正解率"),
    "loop_metric_tokens": ("tokens", "トークン"),
    "loop_metric_images": ("images", "画像"),
    "loop_metric_samples": ("samples", "サンプル"),
    "loop_best": ("  (best so far, saved)", "  （これまでで最良、保存しました）"),
    "loop_fresh": ("A checkpoint exists in {out}; this run starts afresh and will replace it "
                   "(use `kata train {name} --resume` to continue it instead).",
                   "{out} にチェックポイントがあります。この実行は最初から学習し、上書きします"
                   "（続きから学習するには `kata train {name} --resume` を使ってください）。"),
    "loop_resume": ("Resuming from {path} at step {it}.", "{path} のステップ {it} から再開します。"),
    "loop_no_resume": ("Nothing to resume: no {best} or {last} in {out}. Run `kata train {name}` first.",
                       "再開できません: {out} に {best} も {last} もありません。"
                       "まず `kata train {name}` を実行してください。"),
    "loop_old_checkpoint": ("{path} was written by an older version of kata train; train afresh with "
                            "`kata train {name}` (without --resume).",
                            "{path} は古いバージョンの kata train で保存されています。--resume を付けずに "
                            "`kata train {name}` で最初から学習してください。"),
    "loop_model_flags_ignored": ("--resume keeps the saved model shape; ignoring {flags}.",
                                 "--resume では保存済みのモデル構成を使います。{flags} は無視します。"),
    "loop_not_finite": ("The training loss became {loss} at step {it}: the learning rate ({lr:g}) is "
                        "probably too large (try a smaller --lr).",
                        "ステップ {it} で訓練損失が {loss} になりました。学習率（{lr:g}）が大きすぎる"
                        "可能性があります（もっと小さい --lr を試してください）。"),
    "loop_interrupted": ("Interrupted at step {it}. Saved {path}. Continue with: kata train {name} --resume",
                         "ステップ {it} で中断しました。{path} に保存しました。"
                         "続きは kata train {name} --resume で再開できます。"),
    "loop_done": ("Done in {secs} ({train} training, {eval} evaluating): {summary}.",
                  "完了しました。所要時間 {secs}（学習 {train}、評価 {eval}）: {summary}。"),
    "loop_summary": ("best {best} {value:.4f} after {it:,} steps, {speed:,.0f} {items}/s",
                     "{it:,} ステップで最良の{best} {value:.4f}、毎秒 {speed:,.0f} {items}"),
    "loop_seconds": ("{s:.0f} s", "{s:.0f} 秒"),
    "loop_minutes": ("{m} min {s} s", "{m} 分 {s} 秒"),
    "loop_files": ("Files in {out}:", "{out} に書き出したファイル:"),
    "loop_file_best": ("the weights with the best evaluation (kata sample {name} reads them)",
                       "評価が最良だったときの重み（kata sample {name} が読み込みます）"),
    "loop_file_last": ("the latest state (kata train {name} --resume continues from it)",
                       "最新の状態（kata train {name} --resume はここから続けます）"),
    "loop_file_chart": ("loss curves: each training step, and each evaluation as a point",
                        "損失の曲線: 学習の各ステップと、評価ごとの点"),
    "loop_file_figures": ("the figures of this run (times, losses, speed)",
                          "この実行の数値（時間、損失、速度）"),
    "loop_chart_title": ("{name}: loss", "{name}: loss"),
    "loop_launch": ("Launching {n} processes with torch.distributed.run ...",
                    "torch.distributed.run で {n} プロセスを起動します..."),
    "loop_launch_failed": ("torch.distributed.run exited with status {rc}; see the messages above.",
                           "torch.distributed.run が終了コード {rc} で終了しました。上のメッセージを確認してください。"),
    "loop_no_ckpt": ("No trained {name} in {out} (no {best}). Run `kata train {name}` first.",
                     "{out} に学習済みの {name} がありません（{best} がありません）。"
                     "まず `kata train {name}` を実行してください。"),
    "loop_no_sampler": ("kata sample {name}: this model has no sampler yet.",
                        "kata sample {name}: このモデルにはまだサンプリングがありません。"),
    "loop_sample_seed": ("Seed {seed}, new at every run (--seed {seed} repeats this sample).",
                         "シード {seed}（実行のたびに変わります。--seed {seed} で同じサンプルを再現できます）。"),
    "train_bad_device": ("--device {name}: not a device (use auto, cpu, cuda or mps).",
                         "--device {name}: デバイス名ではありません（auto、cpu、cuda、mps のいずれかです）。"),
    "train_no_cuda": ("--device {name}: this machine has no CUDA GPU (try --device cpu).",
                      "--device {name}: このマシンには CUDA GPU がありません（--device cpu を試してください）。"),
    "train_no_mps": ("--device {name}: MPS is not available here (try --device cpu).",
                     "--device {name}: ここでは MPS を使えません（--device cpu を試してください）。"),
    "help_model_fill_reference": ("use the reference for pieces you have not passed yet",
                                  "まだクリアしていない部品は模範解答で補う"),
    "help_model_out": ("output folder (default runs/<model>)", "出力フォルダ（既定は runs/<model>）"),
    "help_model_seed": ("random seed (training: 1337; sampling: a new one each time)",
                        "乱数シード（学習の既定は 1337、サンプリングでは毎回新しいシード）"),
    "help_loop_group": ("training loop (every model)", "学習ループ（全モデル共通）"),
    "help_loop_max_iters": ("training steps (the learning-rate schedule spans them)",
                            "学習ステップ数（学習率のスケジュールはこの長さに合わせます）"),
    "help_loop_max_seconds": ("stop after this many seconds (then evaluate, save and sample)",
                              "この秒数で学習を止める（その後に評価、保存、サンプリング）"),
    "help_loop_eval_interval": ("evaluate (and checkpoint) every N steps",
                                "N ステップごとに評価して、チェックポイントを保存する"),
    "help_loop_resume": ("continue from last.pt (else ckpt.pt) in --out",
                         "--out の last.pt（なければ ckpt.pt）から学習を続ける"),
    "help_loop_nproc": ("data-parallel processes (torchrun + DDP; gloo on CPU, NCCL on GPUs)",
                        "データ並列のプロセス数（torchrun + DDP。CPU では gloo、GPU では NCCL）"),
    "help_loop_compile": ("torch.compile the model (slow to start; for long runs on a GPU)",
                          "モデルを torch.compile する（起動は遅い。GPU での長い学習向け）"),
    "help_loop_threads": ("CPU threads for torch (default: the free cores, i.e. the cores less those "
                          "other programs keep busy, at least 1)",
                          "torch の CPU スレッド数（既定: 空いているコア数 = コア数 − ほかのプログラムが"
                          "使っているコア数、最低 1）"),
    "help_loop_device": ("auto | cpu | cuda | mps", "auto | cpu | cuda | mps"),
    # `kata train gpt` / `kata sample gpt` (harness/train/gpt.py)
    "gpt_setup": ("GPT: preset {preset}, {layers} layers × {heads} heads × {width} wide, context "
                  "{context}, {tokens:,} tokens per step, {attention} attention.",
                  "GPT: プリセット {preset}、{layers} 層 × {heads} ヘッド × 幅 {width}、"
                  "コンテキスト {context}、1 ステップ {tokens:,} トークン、アテンションは {attention}。"),
    "gpt_attention_fused": ("fused (your fused_attention kata)", "融合版（あなたの fused_attention カタ）"),
    "gpt_attention_manual": ("hand-written", "手書き版"),
    "gpt_attention_missing": ("hand-written (no fused_attention kata among the pieces yet)",
                              "手書き版（部品にまだ fused_attention カタがありません）"),
    "gpt_sample_title": ("Sample", "生成サンプル"),
    "gpt_sample_from": ("iter {it}, val loss {val:.4f}, seed {seed}", "iter {it}、検証損失 {val:.4f}、シード {seed}"),
    "gpt_file_sample": ("{n} characters generated from the best weights (seed {seed})",
                        "最良の重みで生成した {n} 文字（シード {seed}）"),
    "gpt_bad_prompt": ("The prompt has characters the model never saw in training: {chars}.",
                       "プロンプトに、学習データにない文字が含まれています: {chars}"),
    "gpt_other_text": ("{path} was trained on a different text (its characters differ); train afresh "
                       "without --resume.",
                       "{path} は別のテキストで学習されています（文字の集合が違います）。"
                       "--resume を付けずに最初から学習してください。"),
    "gpt_short_data": ("The validation split has {n} tokens, not more than block_size {T}: use a "
                       "smaller --block-size or more text.",
                       "検証データが {n} トークンしかなく、block_size {T} 以下です。"
                       "--block-size を小さくするか、テキストを増やしてください。"),
    "help_gpt_preset": ("cpu: nanoGPT's baby config; gpu: shakespeare_char (default: gpu on CUDA, else cpu)",
                        "cpu: nanoGPT の小さな構成、gpu: shakespeare_char（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_gpt_eval_iters": ("batches per split in each evaluation", "1 回の評価で各分割から使うバッチ数"),
    "help_gpt_batch_size": ("sequences per batch (per process)", "1 バッチの系列数（プロセスごと）"),
    "help_gpt_block_size": ("context length in characters", "コンテキスト長（文字数）"),
    "help_gpt_n_layer": ("transformer blocks", "Transformer ブロックの数"),
    "help_gpt_n_head": ("attention heads", "アテンションヘッドの数"),
    "help_gpt_n_embd": ("embedding width", "埋め込みの幅"),
    "help_gpt_dropout": ("dropout probability", "ドロップアウト確率"),
    "help_gpt_lr": ("peak learning rate (min lr = lr/10)", "学習率の最大値（最小値は lr/10）"),
    "help_gpt_attention": ("fused: your fused_attention kata (F.scaled_dot_product_attention) when you "
                           "have it; manual: your hand-written attend()",
                           "fused: fused_attention カタがあればそれを使う（F.scaled_dot_product_attention）、"
                           "manual: 手書きの attend() を使う"),
    "help_gpt_sample_tokens": ("characters sampled at the end of training", "学習の最後に生成する文字数"),
    "help_gpt_prompt": ("text to continue", "続きを書かせる文章"),
    "help_gpt_tokens": ("characters to generate", "生成する文字数"),
    "help_gpt_temperature": ("< 1 sharper, > 1 wilder", "1 未満で手堅く、1 より大きいと奔放に"),
    "help_gpt_top_k": ("sample among the k likeliest (0: all)", "確率の高い上位 k 個から選ぶ（0 なら全部）"),
    # `kata train mlp` / `kata sample mlp` (harness/train/mlp.py)
    "mlp_setup": ("MLP {dims}: {epochs} of {batches} steps ({n_train:,} training images, {n_test:,} "
                  "test images, batch {batch}).",
                  "MLP {dims}: {epochs}、1 エポック {batches} ステップ（訓練画像 {n_train:,} 枚、"
                  "テスト画像 {n_test:,} 枚、バッチ {batch}）。"),
    "mlp_epoch_one": ("{n} epoch", "{n} エポック"),
    "mlp_epoch_many": ("{n} epochs", "{n} エポック"),
    "mlp_eval": ("epoch {epoch}/{epochs}: train loss {train:.4f}, test loss {test:.4f}, test accuracy {acc:.2%}",
                 "エポック {epoch}/{epochs}: 訓練損失 {train:.4f}、テスト損失 {test:.4f}、テスト正解率 {acc:.2%}"),
    "mlp_summary": ("test accuracy {acc:.2%} (test loss {loss:.4f}) after {epochs}",
                    "{epochs}でテスト正解率 {acc:.2%}（テスト損失 {loss:.4f}）"),
    "mlp_file_mistakes": ("{n} test digits it gets wrong, each labelled with its guess and the true digit",
                          "間違えたテスト画像 {n} 枚（それぞれに予測と正解の数字を表示）"),
    "mlp_sampled": ("{right} of {n} test digits classified right (seed {seed}). Picture: {path}",
                    "テスト画像 {n} 枚のうち {right} 枚を正しく分類しました（シード {seed}）。画像: {path}"),
    "mlp_sample_row": ("guesses: {guesses}\ntruth:   {truth}", "予測: {guesses}\n正解: {truth}"),
    "help_mlp_epochs": ("passes over the training images (default 4)", "訓練画像を何周するか（既定 4）"),
    "help_mlp_batch_size": ("images per optimizer step (default 128)", "1 回の更新で使う画像の枚数（既定 128）"),
    "help_mlp_lr": ("peak learning rate of Adam: warm-up, then cosine decay to 0 (default 2e-3)",
                    "Adam の学習率の最大値。ウォームアップの後、コサインで 0 まで下げる（既定 2e-3）"),
    "help_mlp_warmup": ("steps of linear learning-rate warm-up (default 100)",
                        "学習率を線形に上げるウォームアップのステップ数（既定 100）"),
    "help_mlp_hidden": ("hidden layer sizes, e.g. --hidden 512 256 (none: logistic regression; default 256 128)",
                        "隠れ層のサイズ。例: --hidden 512 256（指定なしならロジスティック回帰。既定 256 128）"),
    "help_mlp_count": ("test digits to classify (default 32)", "分類するテスト画像の枚数（既定 32）"),
    # `kata train vit` / `kata sample vit` (harness/train/vit.py); also uses mlp_eval, mlp_summary...
    "vit_setup": ("ViT: {tokens} patches of {patch}×{patch} pixels + the class token, width {dim}, "
                  "{depth} blocks × {heads} heads; {epochs} of {batches} steps (batch {batch}).",
                  "ViT: {patch}×{patch} ピクセルのパッチ {tokens} 個＋クラストークン、幅 {dim}、"
                  "{depth} ブロック × {heads} ヘッド。{epochs}、1 エポック {batches} ステップ（バッチ {batch}）。"),
    "vit_file_attention": ("{n} test digits under the class token's attention (rollout over the blocks)",
                           "テスト画像 {n} 枚と、クラストークンの注意（全ブロックのロールアウト）の重ね描き"),
    "vit_file_mistakes": ("{n} test digits it gets wrong, with its guess, the label and where it looked",
                          "間違えたテスト画像 {n} 枚（予測、正解、注意を向けた場所）"),
    "help_vit_preset": ("cpu: 7×7 patches, width 64, 4 blocks, 4 epochs (minutes on 2 cores); gpu: 4×4 patches, "
                        "width 128, 6 blocks, 30 epochs (default: gpu on CUDA, else cpu)",
                        "cpu: 7×7 パッチ、幅 64、4 ブロック、4 エポック（2 コアで数分）、gpu: 4×4 パッチ、幅 128、"
                        "6 ブロック、30 エポック（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_vit_epochs": ("passes over the training images", "訓練画像を何周するか"),
    "help_vit_batch_size": ("images per optimizer step (per process)", "1 回の更新で使う画像の枚数（プロセスごと）"),
    "help_vit_lr": ("peak learning rate of AdamW: warm-up, then cosine decay to 0",
                    "AdamW の学習率の最大値。ウォームアップの後、コサインで 0 まで下げる"),
    "help_vit_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_vit_weight_decay": ("AdamW weight decay of the weight matrices", "重み行列にかける AdamW の荷重減衰"),
    "help_vit_shift": ("shift each training digit by up to N pixels (0: no augmentation)",
                       "訓練画像を最大 N ピクセルずらす（0 ならデータ拡張なし）"),
    "help_vit_patch_size": ("patch side in pixels (divides 28: 4, 7, 14)", "パッチの一辺のピクセル数（28 の約数: 4、7、14）"),
    "help_vit_dim": ("token width", "トークンの幅（次元）"),
    "help_vit_depth": ("encoder blocks", "エンコーダブロックの数"),
    "help_vit_n_head": ("attention heads", "アテンションヘッドの数"),
    "help_vit_dropout": ("dropout probability", "ドロップアウト確率"),
    "help_vit_count": ("test digits to classify (default 16)", "分類するテスト画像の枚数（既定 16）"),
    # `kata train captioner` / `kata sample captioner` (harness/train/captioner.py)
    "captioner_setup": ("Captioner: captions such as \"{example}\", {vocab} tokens in the vocabulary, "
                        "at most {max_len} per caption; {epochs} of {batches} steps ({n_train:,} training images).",
                        "キャプション生成: 「{example}」のようなキャプション。語彙 {vocab} トークン、"
                        "1 文は最大 {max_len} トークン。{epochs}、1 エポック {batches} ステップ（訓練画像 {n_train:,} 枚）。"),
    "captioner_eval": ("epoch {epoch}/{epochs}: train loss {train_loss:.4f}, val loss {val_loss:.4f}; greedy "
                       "captions of {n} test digits right: digit {digit_right:.1%}, stroke {stroke_right:.1%}, "
                       "slant {slant_right:.1%}, size {size_right:.1%} (named in {size_named:.0%}); "
                       "teacher-forced: {forced_digit_right:.1%}, {forced_stroke_right:.1%}, "
                       "{forced_slant_right:.1%}, {forced_size_right:.1%}",
                       "エポック {epoch}/{epochs}: 訓練損失 {train_loss:.4f}、検証損失 {val_loss:.4f}。"
                       "テスト画像 {n} 枚の貪欲法キャプションの正解率: 数字 {digit_right:.1%}、太さ {stroke_right:.1%}、"
                       "傾き {slant_right:.1%}、大きさ {size_right:.1%}（大きさに触れたのは {size_named:.0%}）。"
                       "教師強制: {forced_digit_right:.1%}、{forced_stroke_right:.1%}、"
                       "{forced_slant_right:.1%}、{forced_size_right:.1%}"),
    "captioner_summary": ("greedy captions of {n:,} test digits: digit right {digit_right:.1%}, stroke "
                          "{stroke_right:.1%}, slant {slant_right:.1%}, size {size_right:.1%} (each where "
                          "named; a size is named in {size_named:.0%}); teacher-forced in the training "
                          "phrasings: {forced_digit_right:.1%}, {forced_stroke_right:.1%}, "
                          "{forced_slant_right:.1%}, {forced_size_right:.1%}",
                          "テスト画像 {n:,} 枚の貪欲法キャプションの正解率: 数字 {digit_right:.1%}、太さ "
                          "{stroke_right:.1%}、傾き {slant_right:.1%}、大きさ {size_right:.1%}（それぞれ触れた"
                          "ものについて。大きさに触れたのは {size_named:.0%}）。訓練時の言い回しで教師強制: "
                          "{forced_digit_right:.1%}、{forced_stroke_right:.1%}、{forced_slant_right:.1%}、"
                          "{forced_size_right:.1%}"),
    "captioner_show_title": ("the model's captions, ✓ every word right (derived from the pixels, unseen phrasing)",
                             "モデルのキャプション、✓ はすべて正しい（画素から求めたもの、学習にない言い回し）"),
    "captioner_file_captions": ("12 test digits titled with the model's captions, the derived ones below",
                                "テスト画像 12 枚とモデルのキャプション（下に画素から求めたキャプション）"),
    "captioner_no_font": ("No font with Japanese characters was found (install e.g. fonts-noto-cjk): "
                          "the picture's captions are written in English.",
                          "日本語の文字を含むフォントが見つかりません（fonts-noto-cjk などを入れてください）。"
                          "画像のキャプションは英語で書きます。"),
    "captioner_sampled": ("{n} test digits captioned ({how}, seed {seed}). Picture: {path}",
                          "テスト画像 {n} 枚にキャプションを付けました（{how}、シード {seed}）。画像: {path}"),
    "captioner_greedy": ("greedy", "貪欲法"),
    "captioner_temperature": ("sampled at temperature {t:g}", "温度 {t:g} でサンプリング"),
    "help_captioner_preset": ("cpu: 7×7 patches, width 64, 4 encoder + 2 decoder blocks, 6 epochs (minutes on 2 "
                              "cores); gpu: 4×4 patches, width 128, 4 + 3 blocks, 20 epochs (default: gpu on CUDA, "
                              "else cpu)",
                              "cpu: 7×7 パッチ、幅 64、エンコーダ 4 + デコーダ 2 ブロック、6 エポック（2 コアで数分）、"
                              "gpu: 4×4 パッチ、幅 128、4 + 3 ブロック、20 エポック（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_captioner_caption_lang": ("the captions' language (default en)", "キャプションの言語（既定 en）"),
    "help_captioner_epochs": ("passes over the training images", "訓練画像を何周するか"),
    "help_captioner_batch_size": ("captions per optimizer step (per process)", "1 回の更新で使うキャプション数（プロセスごと）"),
    "help_captioner_lr": ("peak learning rate of AdamW: warm-up, then cosine decay to 0",
                          "AdamW の学習率の最大値。ウォームアップの後、コサインで 0 まで下げる"),
    "help_captioner_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_captioner_weight_decay": ("AdamW weight decay", "AdamW の荷重減衰"),
    "help_captioner_shift": ("shift each training digit by up to N pixels (its attributes stay; 0: none)",
                             "訓練画像を最大 N ピクセルずらす（属性は変わらない。0 ならずらさない）"),
    "help_captioner_patch_size": ("patch side in pixels (divides 28: 4, 7, 14)", "パッチの一辺のピクセル数（28 の約数: 4、7、14）"),
    "help_captioner_dim": ("token width of encoder and decoder", "エンコーダとデコーダのトークンの幅（次元）"),
    "help_captioner_enc_depth": ("image encoder blocks", "画像エンコーダのブロック数"),
    "help_captioner_dec_depth": ("text decoder blocks", "テキストデコーダのブロック数"),
    "help_captioner_n_head": ("attention heads", "アテンションヘッドの数"),
    "help_captioner_dropout": ("dropout probability", "ドロップアウト確率"),
    "help_captioner_eval_images": ("test images captioned at each evaluation (the end: all of them)",
                                   "評価ごとにキャプションを付けるテスト画像の枚数（最後は全部）"),
    "help_captioner_count": ("test digits to caption (default 12)", "キャプションを付けるテスト画像の枚数（既定 12）"),
    "help_captioner_temperature": ("0: greedy (the likeliest word each time); > 0: sample, < 1 sharper, > 1 wilder",
                                   "0 なら貪欲法（毎回もっとも確率の高い語）、0 より大きければサンプリング"
                                   "（1 未満で手堅く、1 より大きいと奔放に）"),
}


def _merge_message_files() -> None:
    """Each trainer's messages live in harness/messages/<model>.py; a key may be defined once."""
    from .messages import collect

    extra = collect()
    twice = sorted(set(extra) & set(MESSAGES))
    if twice:
        raise ValueError(f"messages defined twice (harness/i18n.py and harness/messages/): {twice}")
    MESSAGES.update(extra)


_merge_message_files()


def lang_default() -> str:
    lang = os.environ.get("KATA_LANG", "en")
    return lang if lang in ("en", "ja") else "en"


def t(key: str, lang: str = "en", /, **values) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)


# --- the language of the running command ------------------------------------------------------

_speaking: list[str] = []  # innermost `speaking(lang)` last


def current_lang() -> str:
    """The language of the `kata` command running now (`--lang`), else $KATA_LANG, else English."""
    return _speaking[-1] if _speaking else lang_default()


# argparse's own words (it looks them up through the module-global `_`/`ngettext` when it prints).
ARGPARSE_JA = {
    "usage: ": "使い方: ",
    "positional arguments": "位置引数",
    "options": "オプション",
    "optional arguments": "オプション",
    "show this help message and exit": "このヘルプを表示して終了します",
    "show program's version number and exit": "バージョンを表示して終了します",
    "argument %(argument_name)s: %(message)s": "引数 %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "認識できない引数があります: %s",
    "not allowed with argument %s": "引数 %s と同時には指定できません",
    "ignored explicit argument %r": "引数 %r は無視されました",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "one of the arguments %s is required": "引数 %s のどれか1つが必要です",
    "expected one argument": "値を1つ指定してください",
    "expected at most one argument": "値は1つまでです",
    "expected at least one argument": "値を1つ以上指定してください",
    "expected %s argument": "値を %s 個指定してください",
    "expected %s arguments": "値を %s 個指定してください",
    "ambiguous option: %(option)s could match %(matches)s":
        "オプション %(option)s があいまいです。候補: %(matches)s",
    "unexpected option string: %s": "予期しないオプションです: %s",
    "invalid %(type)s value: %(value)r": "%(type)s として正しくない値です: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "%(value)r は選べません（選べるのは %(choices)s です）",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
}


@contextmanager
def speaking(lang: str):
    """Within: current_lang() is `lang`, and argparse speaks it too (usage, help, errors)."""
    import argparse

    saved = argparse._, argparse.ngettext
    _speaking.append(lang)
    if lang == "ja":
        argparse._ = lambda text: ARGPARSE_JA.get(text, text)
        argparse.ngettext = lambda one, many, n: ARGPARSE_JA.get(one if n == 1 else many,
                                                                 one if n == 1 else many)
    try:
        yield
    finally:
        _speaking.pop()
        argparse._, argparse.ngettext = saved
