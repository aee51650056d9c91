"""Messages of `kata train|sample|eval autoencoder` (harness/train/autoencoder.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "autoencoder_setup": ("KL autoencoder: 32×32 digits in [−1, 1] (28×28 padded), {channels} channels, {levels} halvings "
                          "-> latents {c}×{h}×{w} ({ratio}× fewer numbers than pixels); loss L1 + {kl} × KL; {steps} steps "
                          "of batch {batch} ({epochs} epochs).",
                          "KL オートエンコーダ: [−1, 1] に直した 32×32 の数字（28×28 に余白を付けたもの）、チャネル {channels}、"
                          "{levels} 回の半分化で潜在変数は {c}×{h}×{w}（ピクセルの {ratio} 分の 1 の数）。損失は L1 + {kl} × KL。"
                          "バッチ {batch} で {steps} ステップ（{epochs} エポック）。"),
    "autoencoder_eval": ("step {it}/{steps}: val loss {loss:.2f} per digit (mean |error| {l1:.4f} per pixel, KL {kl:.0f}); "
                         "latent scale factor {scale:.4f}",
                         "ステップ {it}/{steps}: 検証損失は 1 枚あたり {loss:.2f}（1 ピクセルあたりの平均誤差 {l1:.4f}、"
                         "KL {kl:.0f}）。潜在変数のスケール係数 {scale:.4f}"),
    "autoencoder_summary": ("mean |error| {l1:.4f} per pixel; the judge reads {acc:.2%} of {n} reconstructed test digits as "
                            "their digit (the originals: {orig:.2%}); latent scale factor {scale:.4f} (in ckpt.pt, for "
                            "`kata train ldm`)",
                            "1 ピクセルあたりの平均誤差 {l1:.4f}。判定器は再構成したテスト画像 {n} 枚の {acc:.2%} を正しい数字と"
                            "読みました（元の画像では {orig:.2%}）。潜在変数のスケール係数は {scale:.4f}（ckpt.pt に保存し、"
                            "`kata train ldm` が使います）"),
    "autoencoder_summary_short": ("mean |error| {l1:.4f} per pixel; latent scale factor {scale:.4f} (in ckpt.pt)",
                                  "1 ピクセルあたりの平均誤差 {l1:.4f}。潜在変数のスケール係数 {scale:.4f}（ckpt.pt に保存）"),
    "autoencoder_judged": ("The judge reads {acc:.2%} of {n} reconstructed test digits as their true digit (the originals "
                           "themselves: {orig:.2%}).",
                           "判定器は再構成したテスト画像 {n} 枚の {acc:.2%} を正しい数字と読みました（元の画像そのものでは "
                           "{orig:.2%}）。"),
    "autoencoder_file_reconstructions": ("{n} test digits: the original, its latent's {c} channels (grey = 0) and the "
                                         "reconstruction",
                                         "テスト画像 {n} 枚: 元の画像、潜在変数の {c} チャネル（灰色が 0）、再構成"),
    "autoencoder_reconstructing": ("Reconstructing {n} test digits …", "テスト画像 {n} 枚を再構成しています…"),
    "autoencoder_sampled": ("{n} random test digits (seed {seed}), each with its latent and its reconstruction -> {path}",
                            "ランダムなテスト画像 {n} 枚（シード {seed}）とその潜在変数・再構成 -> {path}"),
    "autoencoder_bad_levels": ("--levels must be 1 to 4 (32×32 halved that many times), got {levels}.",
                               "--levels は 1〜4 にしてください（32×32 を半分にする回数）。指定値 {levels}。"),
    "autoencoder_bad_n": ("--n must be at most the {total} test digits (got {n}).",
                          "--n はテスト画像の枚数 {total} 以下にしてください（指定値 {n}）。"),
    "help_autoencoder_preset": ("cpu: 32 channels, 1000 steps of batch 128 (about 6 minutes of one core); gpu: 64 channels, "
                                "6000 steps of batch 256 (default: gpu on CUDA, else cpu)",
                                "cpu: チャネル 32、バッチ 128 で 1000 ステップ（1 コアで約 6 分）、gpu: チャネル 64、バッチ 256 で "
                                "6000 ステップ（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_autoencoder_steps": ("optimizer steps", "最適化のステップ数"),
    "help_autoencoder_batch_size": ("digits per optimizer step (per process)", "1 回の更新で使う数字の枚数（プロセスごと）"),
    "help_autoencoder_lr": ("peak AdamW learning rate (warm-up, then cosine decay)",
                            "AdamW の学習率の最大値（ウォームアップの後コサイン減衰）"),
    "help_autoencoder_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_autoencoder_channels": ("channels of the encoder's and the decoder's convolutions",
                                  "エンコーダとデコーダの畳み込みのチャネル数"),
    "help_autoencoder_z_channels": ("channels of the latent (default 4)", "潜在変数のチャネル数（既定 4）"),
    "help_autoencoder_levels": ("halvings of the 32×32 image: 2 gives 8×8 latents", "32×32 の画像を半分にする回数。2 なら潜在変数は 8×8"),
    "help_autoencoder_kl_weight": ("weight of the KL term (default 1e-2; Stable Diffusion's 1e-6 leaves a decoder that only knows "
                                   "the exact latents)",
                                   "KL 項の重み（既定 1e-2。Stable Diffusion の 1e-6 では、デコーダがエンコーダの出す潜在変数"
                                   "そのものしか知らないままになります）"),
    "help_autoencoder_eval_images": ("test digits reconstructed at each evaluation", "評価のたびに再構成するテスト画像の枚数"),
    "help_autoencoder_judge_images": ("test digits whose reconstructions the judge reads at the end (0: none)",
                                      "最後に判定器が再構成を読むテスト画像の枚数（0 なら読まない）"),
    "help_autoencoder_count": ("test digits to reconstruct (default 8)", "再構成するテスト画像の枚数（既定 8）"),
}
