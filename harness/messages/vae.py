"""Messages of `kata train|sample|eval vae` (harness/train/vae.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "vae_setup": ("VAE: 784 -> {hidden} -> z of {latent} -> {hidden} -> 784 Bernoulli logits, β = {beta}; "
                  "{epochs} epochs of {batches} steps (batch {batch}), each digit binarized afresh every time.",
                  "VAE: 784 -> {hidden} -> 潜在変数 {latent} 次元 -> {hidden} -> 784 個のベルヌーイのロジット、β = {beta}。"
                  "{epochs} エポック、1 エポック {batches} ステップ（バッチ {batch}）。数字は使うたびに改めて二値化します。"),
    "vae_eval": ("epoch {epoch}: test −ELBO {nelbo:.2f} nats = reconstruction {recon:.2f} + KL {kl:.2f}",
                 "エポック {epoch}: テストの −ELBO {nelbo:.2f} nat = 再構成 {recon:.2f} + KL {kl:.2f}"),
    "vae_summary": ("best test −ELBO {nelbo:.2f} nats per digit after {epochs} epochs (≈ 100 is a good small VAE)",
                    "{epochs} エポックで最良のテスト −ELBO は 1 枚あたり {nelbo:.2f} nat（小さな VAE なら 100 前後で上出来）"),
    "vae_file_samples": ("{n} digits decoded from z ~ N(0, I) (pixel = Bernoulli mean; grey = unsure)",
                         "z ~ N(0, I) から復号した数字 {n} 枚（画素はベルヌーイの平均。灰色は迷っている所）"),
    "vae_file_interpolation": ("rows walking in a straight line between two test digits' codes μ",
                               "2 枚のテスト画像の符号 μ を結ぶ直線上を歩いた各行"),
    "vae_sampled": ("{n} digits from the prior (seed {seed}) -> {path}", "事前分布からの数字 {n} 枚（シード {seed}） -> {path}"),
    "help_vae_preset": ("cpu: hidden 512, latent 32, 16 epochs (under 3 minutes on 2 cores); gpu: hidden 1024, 60 epochs "
                        "(default: gpu on CUDA, else cpu)",
                        "cpu: 隠れ層 512、潜在 32 次元、16 エポック（2 コアで 3 分未満）、gpu: 隠れ層 1024、60 エポック"
                        "（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_vae_epochs": ("passes over the training images", "訓練画像を何周するか"),
    "help_vae_batch_size": ("images per optimizer step (per process)", "1 回の更新で使う画像の枚数（プロセスごと）"),
    "help_vae_lr": ("peak Adam learning rate (warm-up, then cosine decay)", "Adam の学習率の最大値（ウォームアップの後コサイン減衰）"),
    "help_vae_hidden_dim": ("width of the encoder's and decoder's hidden layers", "エンコーダとデコーダの隠れ層の幅"),
    "help_vae_latent_dim": ("dimensions of the code z", "符号 z の次元数"),
    "help_vae_beta": ("weight β of the KL term (1: the true ELBO)", "KL 項の重み β（1 なら本来の ELBO）"),
    "help_vae_count": ("digits to draw (default 64)", "描く数字の枚数（既定 64）"),
    "loop_metric_test_nelbo": ("test −ELBO", "テスト −ELBO"),
}
