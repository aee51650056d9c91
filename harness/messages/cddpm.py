"""Messages of `kata train|sample|eval cddpm` (harness/train/cddpm.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cddpm_setup": ("Conditional: each label is replaced by the null label with probability {p} (so one network "
                    "also learns the unconditional ε); EMA of the weights with decay {ema}.",
                    "条件付き: 各ラベルを確率 {p} で「ラベルなし」に置き換えます（1 つのネットワークが条件なしの ε も"
                    "学びます）。重みの EMA の減衰率は {ema} です。"),
    "cddpm_file_samples": ("one row per digit 0–9, guidance w = {w}, {steps} DDIM steps (EMA weights)",
                           "数字 0〜9 を 1 行ずつ。ガイダンス w = {w}、DDIM {steps} ステップ（EMA の重み）"),
    "cddpm_drawing": ("Drawing {n} digits: guidance w = {w}, {sampler} with {steps} steps, {weights} weights …",
                      "{n} 枚の数字を描いています: ガイダンス w = {w}、{sampler} で {steps} ステップ、重みは {weights} …"),
    "cddpm_sampled": ("{n} digits (seed {seed}) -> {path}", "数字 {n} 枚（シード {seed}） -> {path}"),
    "cddpm_bad_digit": ("--digit must be 0 to 9 (got {digit}).", "--digit は 0〜9 にしてください（指定値 {digit}）。"),
    "help_cddpm_preset": ("cpu: 28×28, base 16, levels ×1 ×2 ×4, T = 400, 3000 steps (under 10 minutes on 2 cores); gpu: 32×32, base 64, T = 1000 "
                          "(default: gpu on CUDA, else cpu)",
                          "cpu: 28×28、ベース 16、各段 ×1 ×2 ×4、T = 400、3000 ステップ（2 コアで 10 分未満）、gpu: 32×32、ベース 64、T = 1000"
                          "（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_cddpm_steps": ("optimizer steps", "最適化のステップ数"),
    "help_cddpm_batch_size": ("digits per optimizer step (per process)", "1 回の更新で使う数字の枚数（プロセスごと）"),
    "help_cddpm_lr": ("peak AdamW learning rate (warm-up, then cosine decay)", "AdamW の学習率の最大値（ウォームアップの後コサイン減衰）"),
    "help_cddpm_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_cddpm_ema": ("decay of the weights' moving average (your s08 EMA)", "重みの移動平均の減衰率（s08 の EMA）"),
    "help_cddpm_image_size": ("28, or 32 (padded with background)", "28、または 32（背景で余白を付ける）"),
    "help_cddpm_base_channels": ("channels of the UNet's first level", "UNet の最初の段のチャネル数"),
    "help_cddpm_channel_mults": ("channel multiplier per level, e.g. 1 2 2", "段ごとのチャネル倍率。例: 1 2 2"),
    "help_cddpm_timesteps": ("diffusion steps T", "拡散のステップ数 T"),
    "help_cddpm_schedule": ("β schedule", "β のスケジュール"),
    "help_cddpm_p_uncond": ("probability that a training label is dropped to the null label", "学習時にラベルを「ラベルなし」にする確率"),
    "help_cddpm_digit": ("draw only this digit (default: every digit, one row each)", "この数字だけを描く（既定: 全数字を 1 行ずつ）"),
    "help_cddpm_guidance": ("guidance weight w: 0 ignores the label, 1 plain conditional, > 1 stronger (default 2)",
                            "ガイダンスの重み w。0 でラベルを無視、1 で普通の条件付き、1 より大きいほど強く（既定 2）"),
    "help_cddpm_sampler": ("ddim (few steps) or ddpm (every one of the T steps)", "ddim（少ないステップ）か ddpm（T ステップすべて）"),
    "help_cddpm_ddim_steps": ("DDIM steps (default 50)", "DDIM のステップ数（既定 50）"),
    "help_cddpm_eta": ("DDIM η: 0 deterministic, 1 as noisy as DDPM", "DDIM の η。0 で決定的、1 で DDPM と同じだけノイズを加える"),
    "help_cddpm_weights": ("ema (the moving average, default) or raw (the last trained weights)",
                           "ema（移動平均。既定）か raw（学習したそのままの重み）"),
    "help_cddpm_count": ("digits per row (default 8)", "1 行あたりの数字の枚数（既定 8）"),
}
