"""Messages of `kata generate` (harness/generate.py) and `kata train txt2img` (harness/train/txt2img.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "help_generate": ("text to image: your s11 pipeline with the trained CLIP, autoencoder and latent UNet",
                      "テキストから画像へ: 学習済みの CLIP・オートエンコーダ・潜在 UNet で動かすあなたの s11 パイプライン"),
    "help_generate_prompt": ("what to draw, in English or Japanese, e.g. \"a thick slanted seven\" or \"太くて傾いた7\"",
                             "描くもの。英語か日本語で。例: \"a thick slanted seven\" や \"太くて傾いた7\""),
    "help_generate_negative_prompt": ("what to move away from (the unconditional side of guidance; default: the empty "
                                      "prompt)", "遠ざけたいもの（ガイダンスの無条件側。既定は空のプロンプト）"),
    "help_generate_steps": ("DDIM steps (default 50)", "DDIM のステップ数（既定 50）"),
    "help_generate_guidance": ("guidance w: 1 plain conditional, > 1 follows the prompt more closely (default 3)",
                               "ガイダンスの重み w。1 で普通の条件付き、1 より大きいほどプロンプトに忠実に（既定 3）"),
    "help_generate_seed": ("seed of the starting noise: the same seed, the same image (default 0)",
                           "最初のノイズのシード。同じシードなら同じ画像（既定 0）"),
    "help_generate_n": ("images of the prompt, written as one grid of up to 8 columns (default 1)",
                        "プロンプトから作る画像の枚数。最大 8 列のグリッド 1 枚に書き出します（既定 1）"),
    "help_generate_out": ("the PNG to write (default generated.png)", "書き出す PNG（既定 generated.png）"),
    "help_generate_scale": ("each pixel becomes a square of this side (default 4: a 28×28 digit is 112×112)",
                            "各ピクセルをこの辺の長さの正方形にします（既定 4: 28×28 の数字が 112×112 に）"),
    "help_generate_clip": ("CLIP's checkpoint (default: the one the latent UNet was trained with, else runs/clip/ckpt.pt)",
                           "CLIP のチェックポイント（既定: 潜在 UNet の学習に使ったもの。なければ runs/clip/ckpt.pt）"),
    "help_generate_autoencoder": ("the autoencoder's checkpoint (default: the one the latent UNet was trained with, else "
                                  "runs/autoencoder/ckpt.pt)",
                                  "オートエンコーダのチェックポイント（既定: 潜在 UNet の学習に使ったもの。なければ "
                                  "runs/autoencoder/ckpt.pt）"),
    "help_generate_ldm": ("the latent UNet's checkpoint (default runs/ldm/ckpt.pt)",
                          "潜在 UNet のチェックポイント（既定 runs/ldm/ckpt.pt）"),
    "generate_missing_one": ("  ✗ {model}: no checkpoint at {path}", "  ✗ {model}: {path} にチェックポイントがありません"),
    "generate_missing": ("Text to image needs three trained models, and some are missing:\n{lines}\n"
                         "Train them first: {commands} "
                         "(or point --clip, --autoencoder, --ldm at their checkpoints).",
                         "テキストから画像を作るには学習済みのモデルが 3 つ必要ですが、足りないものがあります:\n{lines}\n"
                         "先に学習してください: {commands}（または --clip、--autoencoder、--ldm でチェックポイントを指定して"
                         "ください）。"),
    "generate_mismatch": ("The latent UNet {ldm} was trained with another text encoder or autoencoder shape than the "
                          "checkpoints given: retrain it (`kata train ldm`).",
                          "潜在 UNet {ldm} は、指定されたものとは形の違うテキストエンコーダかオートエンコーダで学習されています。"
                          "`kata train ldm` で学習し直してください。"),
    "generate_pieces": ("Pipeline: {mine} of its {total} pieces are yours, the others the reference.",
                        "パイプライン: {total} 個の部品のうち {mine} 個があなたの実装で、残りは模範解答です。"),
    "generate_unknown_words": ("Not in the vocabulary (read as <unk>): {words}", "語彙にない言葉（<unk> として読みます）: {words}"),
    "generate_bad_n": ("--n must be 1 to {most} (got {n}).", "--n は 1〜{most} にしてください（指定値 {n}）。"),
    "generate_bad_scale": ("--scale must be 1 to 32 (got {scale}).", "--scale は 1〜32 にしてください（指定値 {scale}）。"),
    "generate_bad_steps": ("--steps must be at least 1 (got {steps}).", "--steps は 1 以上にしてください（指定値 {steps}）。"),
    "generate_fewer_steps": ("This model has T = {T} timesteps: {steps} DDIM steps (one per timestep at most).",
                             "このモデルのタイムステップは T = {T} 個なので、DDIM は {steps} ステップにします（各タイムステップ最大 1 回）。"),
    "generate_pipeline_refused": ("The pipeline refused: {error}", "パイプラインが受け付けませんでした: {error}"),
    "generate_wrote": ("{n} × “{prompt}” (seed {seed}, {steps} DDIM steps, guidance {w}) in {seconds:.1f} s -> {path}",
                       "「{prompt}」を {n} 枚（シード {seed}、DDIM {steps} ステップ、ガイダンス {w}）、{seconds:.1f} 秒 -> {path}"),
    "help_txt2img_retrain": ("train again the models that already have a checkpoint", "チェックポイントがあるモデルも学習し直す"),
    "txt2img_kept": ("{model}: kept {path} (--retrain trains it again)", "{model}: {path} をそのまま使います（--retrain で学習し直し）"),
    "txt2img_training": ("— {k} of {n}: kata train {model} —", "— {n} 個中 {k} 個目: kata train {model} —"),
    "txt2img_interrupted": ("Stopped while training {model}; run the same command again to go on.",
                            "{model} の学習中に止まりました。続けるには同じコマンドをもう一度実行してください。"),
    "txt2img_use_generate": ("Text to image draws with `kata generate \"a thick slanted seven\"` "
                             "(see kata generate --help).",
                             "テキストから画像は `kata generate \"太くて傾いた7\"` で描きます（kata generate --help を参照）。"),
    "txt2img_done": ("The chain is trained in {seconds:.0f} s ({parts}). Now: kata generate \"a thick slanted seven\" "
                     "(or \"太くて傾いた7\")",
                     "{seconds:.0f} 秒で一通り学習しました（{parts}）。次は: kata generate \"太くて傾いた7\""
                     "（または \"a thick slanted seven\"）"),
}
