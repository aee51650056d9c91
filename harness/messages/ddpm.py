"""Messages of `kata train|sample|eval ddpm` (harness/train/ddpm.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ddpm_setup": ("DDPM: {size}×{size} digits in [−1, 1], UNet base {base} with levels {mults}, T = {T} "
                   "({schedule} β schedule); {steps} steps of batch {batch}.",
                   "DDPM: [−1, 1] に直した {size}×{size} の数字、UNet はベース {base}、各段 {mults}、T = {T}"
                   "（β は {schedule} スケジュール）。バッチ {batch} で {steps} ステップ。"),
    "ddpm_summary": ("best validation ε-MSE {loss:.4f} after {it} steps ({epochs} epochs); "
                     "`kata eval ddpm` lets the judge read its digits",
                     "{it} ステップ（{epochs} エポック）で最良の検証 ε-MSE は {loss:.4f}。"
                     "`kata eval ddpm` で判定器が数字を読み取ります"),
    "ddpm_file_samples": ("{n} digits drawn from pure noise in {T} denoising steps (averaged weights)",
                          "純粋なノイズから {T} ステップのノイズ除去で描いた数字 {n} 枚（平均化した重み）"),
    "ddpm_file_trajectory": ("one digit's x_t, from pure noise (left) to x₀ (right)",
                             "1 枚の数字の x_t。純粋なノイズ（左）から x₀（右）まで"),
    "ddpm_drawing": ("Drawing {n} digits, {T} denoising steps each …", "{n} 枚の数字を描いています（各 {T} ステップ）…"),
    "ddpm_sampled": ("{n} digits (seed {seed}) -> {path}; one digit's trajectory -> {strip}",
                     "数字 {n} 枚（シード {seed}） -> {path}。1 枚の軌跡 -> {strip}"),
    "help_ddpm_preset": ("cpu: 28×28, base 16, levels ×1 ×2 ×4, T = 400, 3000 steps (under 10 minutes on 2 cores); gpu: 32×32, base 64, "
                         "T = 1000, 6000 steps (default: gpu on CUDA, else cpu)",
                         "cpu: 28×28、ベース 16、各段 ×1 ×2 ×4、T = 400、3000 ステップ（2 コアで 10 分未満）、gpu: 32×32、ベース 64、"
                         "T = 1000、6000 ステップ（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_ddpm_steps": ("optimizer steps", "最適化のステップ数"),
    "help_ddpm_batch_size": ("digits per optimizer step (per process)", "1 回の更新で使う数字の枚数（プロセスごと）"),
    "help_ddpm_lr": ("peak AdamW learning rate (warm-up, then cosine decay)", "AdamW の学習率の最大値（ウォームアップの後コサイン減衰）"),
    "help_ddpm_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_ddpm_ema": ("decay of the weights' moving average that samples are drawn from", "サンプリングに使う重みの移動平均の減衰率"),
    "help_ddpm_image_size": ("28, or 32 (padded with background)", "28、または 32（背景で余白を付ける）"),
    "help_ddpm_base_channels": ("channels of the UNet's first level", "UNet の最初の段のチャネル数"),
    "help_ddpm_channel_mults": ("channel multiplier per level, e.g. 1 2 2", "段ごとのチャネル倍率。例: 1 2 2"),
    "help_ddpm_timesteps": ("diffusion steps T", "拡散のステップ数 T"),
    "help_ddpm_schedule": ("β schedule", "β のスケジュール"),
    "help_ddpm_count": ("digits to draw (default 64)", "描く数字の枚数（既定 64）"),
}
