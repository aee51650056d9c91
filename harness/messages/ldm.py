"""Messages of `kata train|sample|eval ldm` (harness/train/ldm.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ldm_parents": ("Frozen parts: the autoencoder {ae} (latents {shape}, scale factor {scale:.4f}) and CLIP's text "
                    "encoder {clip} (width {width}, up to {max_len} tokens).",
                    "凍結した部品: オートエンコーダ {ae}（潜在変数 {shape}、スケール係数 {scale:.4f}）と CLIP のテキスト"
                    "エンコーダ {clip}（幅 {width}、最大 {max_len} トークン）。"),
    "ldm_encoding": ("Encoding the {n} training digits to latents once (the posterior's mode × the scale factor) …",
                     "訓練用の数字 {n} 枚を一度だけ潜在変数に変換しています（事後分布のモード × スケール係数）…"),
    "ldm_setup": ("Latent diffusion: latents of spread {spread:.2f}; {captions} captions (English and Japanese, every "
                  "phrasing) + the empty prompt encoded once; UNet base {base} with levels {mults}, {heads} heads of "
                  "cross-attention, T = {T} ({schedule} β schedule); the empty prompt with probability {p}, Japanese "
                  "captions {ja} %; EMA decay {ema}; {steps} steps of batch {batch} ({epochs} epochs).",
                  "潜在拡散モデル: 潜在変数の広がりは {spread:.2f}。キャプション {captions} 個（英語と日本語、全言い回し）と"
                  "空のプロンプトを一度だけエンコードしました。UNet はベース {base}、各段 {mults}、交差注意のヘッド "
                  "{heads} 個、T = {T}（β は {schedule} スケジュール）。確率 {p} で空のプロンプト、日本語のキャプションは "
                  "{ja} %。EMA の減衰率 {ema}。バッチ {batch} で {steps} ステップ（{epochs} エポック）。"),
    "ldm_summary": ("best validation ε-MSE {loss:.4f} after {it} steps ({epochs} epochs); try `kata generate \"a thick "
                    "slanted seven\"`, and `kata eval ldm` lets the judge and CLIP read its digits",
                    "{it} ステップ（{epochs} エポック）で最良の検証 ε-MSE は {loss:.4f}。`kata generate \"太くて傾いた7\"` "
                    "を試してみましょう。`kata eval ldm` で判定器と CLIP が数字を読み取ります"),
    "ldm_file_samples": ("one row per digit 0–9, the 8 attribute combinations of a held-out phrasing (e.g. “{example}”), "
                         "guidance w = {w}, {steps} DDIM steps (EMA weights)",
                         "数字 0〜9 を 1 行ずつ。学習に使っていない言い回しで属性の 8 通りの組み合わせ（例: 「{example}」）、"
                         "ガイダンス w = {w}、DDIM {steps} ステップ（EMA の重み）"),
    "ldm_drawing": ("Drawing {n} digits: guidance w = {w}, {steps} DDIM steps in latent space, then the decoder …",
                    "{n} 枚の数字を描いています: ガイダンス w = {w}、潜在空間で DDIM {steps} ステップ、そのあとデコーダ …"),
    "ldm_eval_prompts": ("Prompts in held-out phrasings, e.g. “{first}” and “{second}”.",
                         "学習に使っていない言い回しのプロンプト。例: 「{first}」「{second}」。"),
    "ldm_clip_rank": ("Our CLIP ranks the asked prompt first among the ten that differ only in the digit for {acc:.1%} "
                      "of the {n} digits (chance 10 %).",
                      "数字だけが違う 10 個のプロンプトのうち、頼んだプロンプトを私たちの CLIP がいちばん上に置いたのは "
                      "{n} 枚中 {acc:.1%} です（偶然なら 10 %）。"),
    "ldm_attributes": ("The pixels show the asked attribute: thick/thin {thick:.1%}, slanted/upright {slanted:.1%}, "
                       "large/small {large:.1%} (chance ≈ 50 %).",
                       "ピクセルが頼んだ属性を示した割合: 太い/細い {thick:.1%}、傾いた/まっすぐ {slanted:.1%}、"
                       "大きい/小さい {large:.1%}（偶然ならおよそ 50 %）。"),
    "ldm_sampled": ("{n} digits in {rows} rows (seed {seed}) -> {path}", "数字 {n} 枚を {rows} 行に（シード {seed}） -> {path}"),
    "ldm_no_parent": ("No trained {model} at {path}. Latent diffusion needs it: run `kata train {model}` first "
                      "(or point --{model} at a checkpoint).",
                      "{path} に学習済みの {model} がありません。潜在拡散モデルにはこれが必要です。先に "
                      "`kata train {model}` を実行してください（または --{model} でチェックポイントを指定してください）。"),
    "ldm_parent_changed": ("Note: the {model} at {path} is no longer the one this model was trained with; retrain it "
                           "(`kata train ldm`) if the digits look wrong.",
                           "注意: {path} の {model} は、このモデルを学習したときのものから変わっています。数字がおかしければ "
                           "`kata train ldm` で学習し直してください。"),
    "ldm_prompt_too_long": ("The prompt “{prompt}” has {n} tokens; the text encoder reads at most {most}.",
                            "プロンプト「{prompt}」は {n} トークンあります。テキストエンコーダが読めるのは {most} トークンまでです。"),
    "ldm_bad_fraction": ("--{flag} must be a fraction between 0 and 1, got {value}.",
                         "--{flag} は 0 から 1 までの割合で指定してください（指定値: {value}）。"),
    "help_ldm_preset": ("cpu: UNet base 32, levels ×1 ×2, 3000 steps of batch 128 (about 10 minutes on 2 cores); gpu: base "
                        "64, levels ×1 ×2 ×2, 15000 steps of batch 256 (default: gpu on CUDA, else cpu)",
                        "cpu: UNet ベース 32、各段 ×1 ×2、バッチ 128 で 3000 ステップ（2 コアで約 10 分）、gpu: ベース 64、"
                        "各段 ×1 ×2 ×2、バッチ 256 で 15000 ステップ（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_ldm_steps": ("optimizer steps", "最適化のステップ数"),
    "help_ldm_batch_size": ("latents per optimizer step (per process)", "1 回の更新で使う潜在変数の数（プロセスごと）"),
    "help_ldm_lr": ("peak AdamW learning rate (warm-up, then cosine decay)", "AdamW の学習率の最大値（ウォームアップの後コサイン減衰）"),
    "help_ldm_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_ldm_ema": ("decay of the weights' moving average (your s08 EMA)", "重みの移動平均の減衰率（s08 の EMA）"),
    "help_ldm_base_channels": ("channels of the UNet's first level", "UNet の最初の段のチャネル数"),
    "help_ldm_channel_mults": ("channel multiplier per level, e.g. 1 2", "段ごとのチャネル倍率。例: 1 2"),
    "help_ldm_n_heads": ("attention heads of each spatial transformer", "各 SpatialTransformer の注意のヘッド数"),
    "help_ldm_time_dim": ("width of the timestep embedding", "タイムステップの埋め込みの幅"),
    "help_ldm_timesteps": ("diffusion steps T", "拡散のステップ数 T"),
    "help_ldm_schedule": ("β schedule", "β のスケジュール"),
    "help_ldm_p_uncond": ("probability that a training caption is replaced by the empty prompt",
                          "学習時にキャプションを空のプロンプトに置き換える確率"),
    "help_ldm_lang_mix": ("share of the training captions written in Japanese", "学習に使うキャプションのうち日本語の割合"),
    "help_ldm_autoencoder": ("the autoencoder's checkpoint (default runs/autoencoder/ckpt.pt)",
                             "オートエンコーダのチェックポイント（既定 runs/autoencoder/ckpt.pt）"),
    "help_ldm_clip": ("CLIP's checkpoint, whose text encoder reads the prompts (default runs/clip/ckpt.pt)",
                      "プロンプトを読むテキストエンコーダを含む CLIP のチェックポイント（既定 runs/clip/ckpt.pt）"),
    "help_ldm_guidance": ("guidance w: 0 ignores the prompt, 1 plain conditional, > 1 stronger (default 3)",
                          "ガイダンスの重み w。0 でプロンプトを無視、1 で普通の条件付き、1 より大きいほど強く（既定 3）"),
    "help_ldm_ddim_steps": ("DDIM steps (default 50)", "DDIM のステップ数（既定 50）"),
    "help_ldm_prompt_lang": ("language of the prompts: en, ja or both (alternating; default)",
                             "プロンプトの言語: en、ja、または both（交互。既定）"),
    "help_ldm_prompt": ("your own prompts, one row each (default: one row per digit)",
                        "自分のプロンプト。1 つにつき 1 行（既定: 数字ごとに 1 行）"),
    "help_ldm_count": ("digits per row (default 8)", "1 行あたりの数字の枚数（既定 8）"),
}
