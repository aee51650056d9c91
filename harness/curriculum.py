"""The one source of truth: stages, katas (titles and hints in English and Japanese) and models.

Everything else derives from this file: the CLI's order, the paths of stubs, references and specs,
PROGRESS.md, and which pieces `kata train <model>` needs. tests/harness/test_lint.py proves that
this file, `katas/`, `reference/` and `tests/` agree.

Texts are (English, Japanese) pairs. Each kata has exactly three hints, from a nudge to nearly the
answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Text = tuple[str, str]  # (en, ja)
LANGS = ("en", "ja")


@dataclass(frozen=True)
class Kata:
    id: str
    title: Text
    hints: tuple[Text, Text, Text]
    stage: str = ""  # filled in by Stage

    @property
    def key(self) -> str:
        return f"{self.stage}/{self.id}"

    @property
    def stub_path(self) -> str:
        return f"katas/{self.stage}/{self.id}.py"

    @property
    def reference_path(self) -> str:
        return f"reference/{self.stage}/{self.id}.py"

    @property
    def spec_path(self) -> str:
        return f"tests/{self.stage}/test_{self.id}.py"


@dataclass(frozen=True)
class Stage:
    id: str
    title: Text
    katas: tuple[Kata, ...] = ()

    def __post_init__(self):
        # Each kata learns which stage it belongs to, so its paths can be derived.
        object.__setattr__(
            self, "katas", tuple(Kata(k.id, k.title, k.hints, self.id) for k in self.katas)
        )


@dataclass(frozen=True)
class Model:
    """A trainable model that `kata train <id>` assembles from the learner's pieces."""
    id: str
    title: Text
    stage: str
    needs: tuple[str, ...] = field(default_factory=tuple)  # kata ids, in any stage


def K(id: str, title: Text, hints: list[Text] | tuple[Text, ...]) -> Kata:
    """Shorthand for a kata entry below."""
    return Kata(id, title, tuple(hints))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------------------------

S00 = Stage("s00_probability", ("Probability with NumPy", "NumPyで学ぶ確率"), (
    K("normal_pdf", ("The normal density", "正規分布の確率密度"), [
        ("Standardise first: z = (x - μ) / σ. The exponent is then -z²/2.",
         "まず標準化します: z = (x - μ) / σ。すると指数部は -z²/2 になります。"),
        ("The constant in front, 1/sqrt(2πσ²), makes the area under the curve equal 1. Use numpy "
         "functions so that arrays broadcast.",
         "前に付く定数 1/sqrt(2πσ²) は、曲線の下の面積を 1 にするためのものです。配列がブロードキャスト"
         "されるよう、numpy の関数を使いましょう。"),
        ("Raise ValueError if np.any(sigma <= 0); then return "
         "np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi * sigma**2).",
         "np.any(sigma <= 0) なら ValueError を送出し、そのあと "
         "np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi * sigma**2) を返します。"),
    ]),
    K("mle_normal", ("Maximum likelihood for a normal", "正規分布の最尤推定"), [
        ("The best μ is the plain average of the samples; the best σ measures the spread around "
         "that average.",
         "最適な μ はサンプルの単純な平均です。最適な σ はその平均のまわりの散らばりを表します。"),
        ("Maximum likelihood divides by N, not N - 1. And return σ (a square root), not the "
         "variance σ².",
         "最尤推定では N - 1 ではなく N で割ります。また、返すのは分散 σ² ではなく、その平方根の σ です。"),
        ("x = np.asarray(x, dtype=float); check x.ndim == 1 and x.size >= 1; mu = x.mean(); "
         "sigma = np.sqrt(np.mean((x - mu) ** 2)); return float(mu), float(sigma).",
         "x = np.asarray(x, dtype=float) とし、x.ndim == 1 かつ x.size >= 1 を確認します。"
         "mu = x.mean(); sigma = np.sqrt(np.mean((x - mu) ** 2)); return float(mu), float(sigma) です。"),
    ]),
    K("mvn_pdf", ("The multivariate normal density", "多変量正規分布の確率密度"), [
        ("It is the 1-D formula with matrices: (x - μ)²/σ² becomes (x - μ)ᵀ Σ⁻¹ (x - μ), and σ² "
         "in the constant becomes det Σ.",
         "1次元の式を行列に置き換えたものです。(x - μ)²/σ² は (x - μ)ᵀ Σ⁻¹ (x - μ) に、定数の中の σ² は "
         "det Σ になります。"),
        ("np.atleast_2d(x) - mean gives diff [N, D]; np.linalg.solve(cov, diff.T) gives Σ⁻¹ diff for "
         "every row at once. np.linalg.cholesky raises LinAlgError when cov is not positive definite; "
         "check symmetry yourself with np.allclose(cov, cov.T).",
         "np.atleast_2d(x) - mean で diff [N, D] が得られます。np.linalg.solve(cov, diff.T) で全行の "
         "Σ⁻¹ diff を一度に求められます。cov が正定値でないと np.linalg.cholesky は LinAlgError を"
         "送出します。対称性は np.allclose(cov, cov.T) で自分で確認しましょう。"),
        ("maha = np.sum(diff * np.linalg.solve(cov, diff.T).T, axis=1); "
         "p = np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** D * np.linalg.det(cov)); "
         "return p[0] when x was a single point [D].",
         "maha = np.sum(diff * np.linalg.solve(cov, diff.T).T, axis=1); "
         "p = np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** D * np.linalg.det(cov)) とし、"
         "x が1点 [D] のときは p[0] を返します。"),
    ]),
    K("mle_mvn", ("Maximum likelihood for a multivariate normal", "多変量正規分布の最尤推定"), [
        ("The same idea as mle_normal: the mean dimension by dimension, and the covariance for "
         "every pair of dimensions.",
         "mle_normal と同じ考え方です。平均は次元ごとに、共分散は次元のあらゆる組について求めます。"),
        ("Average over the samples (axis 0). Centre the data before the outer products. The "
         "covariance is [D, D], so the transposed [D, N] matrix goes on the left.",
         "サンプルの方向（axis 0）で平均します。外積をとる前にデータを中心化しましょう。共分散は "
         "[D, D] なので、転置した [D, N] の行列を左に置きます。"),
        ("Check X.ndim == 2 and len(X) >= 1; mean = X.mean(axis=0); Xc = X - mean; "
         "cov = Xc.T @ Xc / N.",
         "X.ndim == 2 かつ len(X) >= 1 を確認し、mean = X.mean(axis=0); Xc = X - mean; "
         "cov = Xc.T @ Xc / N とします。"),
    ]),
    K("gmm_pdf", ("The Gaussian mixture density", "混合ガウス分布の確率密度"), [
        ("A mixture is a weighted sum: each component's density times the share of the data it "
         "accounts for.",
         "混合分布は重み付きの和です。各成分の密度に、その成分がデータに占める割合を掛けます。"),
        ("Check the weights first (none negative, total 1 within 1e-8) and the shapes, then loop "
         "over the K components calling your mvn_pdf.",
         "まず重み（負の値がなく、合計が誤差 1e-8 以内で 1）と形状を確認します。そのあと K 個の成分に"
         "ついてループし、自分で書いた mvn_pdf を呼びます。"),
        ("return sum(w * mvn_pdf(x, m, c) for w, m, c in zip(weights, means, covs))",
         "return sum(w * mvn_pdf(x, m, c) for w, m, c in zip(weights, means, covs)) と書けます。"),
    ]),
    K("gmm_sample", ("Sampling a Gaussian mixture", "混合ガウス分布からのサンプリング"), [
        ("Follow the model's story: first choose a component for each point, then draw the point "
         "from that component's Gaussian.",
         "モデルの生成過程をそのままたどります。まず各点の成分を選び、次にその成分のガウス分布から点を"
         "引きます。"),
        ("rng.choice(K, size=n, p=weights) gives the labels. np.linalg.cholesky(covs) gives L with "
         "L Lᵀ = Σ, so μ + L ε with ε = rng.standard_normal(...) has covariance Σ. Use only rng.",
         "ラベルは rng.choice(K, size=n, p=weights) で得られます。np.linalg.cholesky(covs) は "
         "L Lᵀ = Σ となる L を返すので、ε = rng.standard_normal(...) として μ + L ε の共分散は Σ に"
         "なります。乱数は rng だけを使いましょう。"),
        ("z = rng.choice(K, size=n, p=weights); L = np.linalg.cholesky(covs); "
         "eps = rng.standard_normal((n, D)); X = means[z] + np.einsum('nij,nj->ni', L[z], eps).",
         "z = rng.choice(K, size=n, p=weights); L = np.linalg.cholesky(covs); "
         "eps = rng.standard_normal((n, D)); X = means[z] + np.einsum('nij,nj->ni', L[z], eps) です。"),
    ]),
    K("kl_divergence", ("KL divergence", "KLダイバージェンス"), [
        ("KL(p‖q) averages log(p/q) under p: the weights come from the first argument, so swapping "
         "the arguments changes the answer.",
         "KL(p‖q) は log(p/q) を p で平均したものです。重みは第1引数から来るので、引数を入れ替えると"
         "値が変わります。"),
        ("Only the entries with p > 0 count (0·log 0 = 0); if q is 0 at any of them the answer is "
         "inf. Use the natural log, np.log.",
         "p > 0 の要素だけが寄与します（0·log 0 = 0）。そのどれかで q が 0 なら答えは inf です。"
         "対数は自然対数の np.log を使います。"),
        ("After validating: s = p > 0; if np.any(q[s] == 0): return float('inf'); "
         "return float(np.sum(p[s] * np.log(p[s] / q[s]))).",
         "入力を確認したあと、s = p > 0 とし、np.any(q[s] == 0) なら float('inf') を返します。"
         "それ以外は float(np.sum(p[s] * np.log(p[s] / q[s]))) を返します。"),
    ]),
    K("em_e_step", ("EM: the E-step", "EMアルゴリズム: Eステップ"), [
        ("A responsibility is Bayes' rule: prior π_k times likelihood N(x | μ_k, Σ_k), divided by "
         "the sum over components. Compute it with logs so that nothing underflows.",
         "負担率はベイズの定理そのものです。事前確率 π_k と尤度 N(x | μ_k, Σ_k) の積を、全成分についての"
         "和で割ります。アンダーフローしないよう、対数で計算しましょう。"),
        ("Fill a[n, k] = log π_k - ½(maha + D log 2π + log det Σ_k) with np.linalg.solve and "
         "np.linalg.slogdet; then subtract each row's maximum before taking exp.",
         "np.linalg.solve と np.linalg.slogdet を使って a[n, k] = log π_k - ½(maha + D log 2π + "
         "log det Σ_k) を埋めます。そのあと exp をとる前に、各行から行の最大値を引きます。"),
        ("m = a.max(axis=1, keepdims=True); log_px = m + np.log(np.exp(a - m).sum(axis=1, "
         "keepdims=True)); resp = np.exp(a - log_px); the log-likelihood is float(log_px.sum()).",
         "m = a.max(axis=1, keepdims=True); log_px = m + np.log(np.exp(a - m).sum(axis=1, "
         "keepdims=True)); resp = np.exp(a - log_px) です。対数尤度は float(log_px.sum()) です。"),
    ]),
    K("em_m_step", ("EM: the M-step", "EMアルゴリズム: Mステップ"), [
        ("It is mle_mvn again, except that every point counts towards component k with weight r_nk.",
         "もう一度 mle_mvn を書くのと同じです。ただし各点は重み r_nk で成分 k に寄与します。"),
        ("Nk = resp.sum(axis=0) are soft counts: weights = Nk / N, while means and covariances "
         "divide by Nk[k], not by N. Centre on the new mean; add reg only to the diagonal.",
         "Nk = resp.sum(axis=0) は「ソフトな個数」です。重みは Nk / N ですが、平均と共分散は N では"
         "なく Nk[k] で割ります。中心化には新しい平均を使い、reg は対角成分にだけ足します。"),
        ("means = resp.T @ X / Nk[:, None]; for each k: diff = X - means[k]; "
         "covs[k] = (resp[:, k, None] * diff).T @ diff / Nk[k] + reg * np.eye(D).",
         "means = resp.T @ X / Nk[:, None] とし、各 k について diff = X - means[k]; "
         "covs[k] = (resp[:, k, None] * diff).T @ diff / Nk[k] + reg * np.eye(D) とします。"),
    ]),
    K("em_fit", ("EM: fitting a mixture", "EMアルゴリズム: 混合分布の学習"), [
        ("Initialise, then alternate your m_step and e_step. e_step(..., "
         "return_log_likelihood=True) hands you the log-likelihood to watch.",
         "初期化したら、自分で書いた m_step と e_step を交互に呼びます。e_step(..., "
         "return_log_likelihood=True) で、見張るべき対数尤度が得られます。"),
        ("Means: X[rng.choice(N, size=K, replace=False)]; covs: mle_mvn(X)[1] repeated K times; "
         "weights: 1/K. Run one E-step before the loop, so log_likelihoods starts with the "
         "initial guess.",
         "平均は X[rng.choice(N, size=K, replace=False)]、共分散は mle_mvn(X)[1] を K 個並べたもの、"
         "重みは 1/K です。ループの前に E ステップを1回実行し、log_likelihoods が初期値の対数尤度から"
         "始まるようにします。"),
        ("resp, ll = e_step(...); lls = [ll]; for _ in range(n_iter): weights, means, covs = "
         "m_step(X, resp); resp, ll = e_step(...); lls.append(ll); if ll - lls[-2] < tol: break.",
         "resp, ll = e_step(...); lls = [ll] とし、for _ in range(n_iter) の中で weights, means, "
         "covs = m_step(X, resp); resp, ll = e_step(...); lls.append(ll) を行い、"
         "ll - lls[-2] < tol なら break します。"),
    ]),
))

S01 = Stage("s01_pytorch", ("PyTorch basics", "PyTorchの基礎"), (
    K("tensor_shapes", ("Shapes and broadcasting", "テンソルの形とブロードキャスト"), [
        ("Broadcasting lines shapes up from the right; a dimension of size 1 (or a missing one) is "
         "stretched to fit. Check the shapes first and name both in the ValueError.",
         "ブロードキャストは形を右端からそろえ、サイズ1の次元（または存在しない次元）を相手に合わせて引き伸ばします。"
         "まず形を確かめ、ValueError のメッセージには両方の形を入れましょう。"),
        ("Insert size-1 dims with indexing: u[:, None] is [N, 1] and v[None, :] is [1, M]; "
         "a[:, None, :] - b[None, :, :] is [N, M, D].",
         "インデックスでサイズ1の次元を挿入します。u[:, None] は [N, 1]、v[None, :] は [1, M]、"
         "a[:, None, :] - b[None, :, :] は [N, M, D] になります。"),
        ("x + b; u[:, None] * v[None, :]; ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1); x @ w. "
         "Each preceded by an `if` on x.ndim and the matching sizes.",
         "x + b、u[:, None] * v[None, :]、((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)、x @ w です。"
         "それぞれの前に ndim と対応するサイズを調べる if を置きます。"),
    ]),
    K("autograd", ("Gradients with autograd", "autogradで勾配を求める"), [
        ("Autograd tracks tensors with requires_grad=True; y.backward() on a scalar y fills x.grad "
         "with ∂y/∂x.",
         "autograd は requires_grad=True のテンソルの計算を記録します。スカラー y に対して y.backward() を"
         "呼ぶと、x.grad に ∂y/∂x が入ります。"),
        ("Don't switch on requires_grad on the caller's x: .grad accumulates across calls. Make your own "
         "leaf with x.detach().clone().requires_grad_(True).",
         "呼び出し側の x の requires_grad を変えてはいけません。.grad は呼び出しのたびに足し込まれます。"
         "x.detach().clone().requires_grad_(True) で自分専用の葉テンソルを作りましょう。"),
        ("x = x.detach().clone().requires_grad_(True); y = f(x); ValueError if y.numel() != 1; "
         "y.backward(); return x.grad.",
         "x = x.detach().clone().requires_grad_(True); y = f(x); y.numel() != 1 なら ValueError; "
         "y.backward(); return x.grad です。"),
    ]),
    K("gradient_descent", ("Gradient descent on Rosenbrock", "Rosenbrock関数で勾配降下法"), [
        ("Each step moves x a little against the gradient: x ← x − lr·∇f(x). autograd gives ∇f, "
         "so rosenbrock must be built from torch operations (no .item()).",
         "各ステップで x を勾配と逆向きに少し動かします: x ← x − lr·∇f(x)。∇f は autograd が求めるので、"
         "rosenbrock は torch の演算だけで書きます（.item() は使いません）。"),
        ("Update under torch.no_grad() with an in-place x -= lr * x.grad, then clear x.grad: "
         "backward() adds to it. Record f before each step and once more at the end.",
         "更新は torch.no_grad() の中で x -= lr * x.grad と in-place で行い、そのあと x.grad を消します。"
         "backward() は勾配を足し込むからです。各ステップの前と最後にもう一度 f を記録します。"),
        ("x = x0.detach().clone().requires_grad_(True); loop steps + 1 times: loss = f(x); "
         "v = loss.item(); FloatingPointError if not math.isfinite(v); append v; on the last pass break; "
         "loss.backward(); with torch.no_grad(): x -= lr * x.grad; x.grad = None.",
         "x = x0.detach().clone().requires_grad_(True) とし、steps + 1 回ループします: loss = f(x); "
         "v = loss.item(); math.isfinite(v) でなければ FloatingPointError; v を追加; 最後の回は break; "
         "loss.backward(); with torch.no_grad(): x -= lr * x.grad; x.grad = None。"),
    ]),
    K("linear_regression", ("Linear regression from scratch", "ゼロから作る線形回帰"), [
        ("The parameters are two tensors that require grad: w [D] and b []. The loss is the mean of "
         "the squared errors; the loop is the same as in gradient_descent.",
         "パラメータは勾配を追跡する 2 つのテンソル w [D] と b [] です。損失は二乗誤差の平均で、"
         "ループは gradient_descent と同じ形です。"),
        ("Keep w one-dimensional: X @ w is then [N] like y. With w [D, 1] the difference [N, 1] − [N] "
         "broadcasts to [N, N].",
         "w は 1 次元のままにします。そうすれば X @ w は y と同じ [N] になります。w が [D, 1] だと、"
         "差 [N, 1] − [N] が [N, N] にブロードキャストされてしまいます。"),
        ("w = torch.zeros(D, dtype=X.dtype, requires_grad=True), b likewise with shape (); each step: "
         "loss = ((X @ w + b - y) ** 2).mean(); loss.backward(); under no_grad w -= lr * w.grad and "
         "b -= lr * b.grad; then w.grad = b.grad = None.",
         "w = torch.zeros(D, dtype=X.dtype, requires_grad=True)、b も形 () で同様に作ります。各ステップで "
         "loss = ((X @ w + b - y) ** 2).mean(); loss.backward(); no_grad の中で w -= lr * w.grad と "
         "b -= lr * b.grad; そのあと w.grad = b.grad = None とします。"),
    ]),
    K("mlp", ("A multi-layer perceptron", "多層パーセプトロン（MLP）"), [
        ("List the sizes: dims = [in_dim, *hidden, out_dim]. Each neighbouring pair is one nn.Linear.",
         "サイズを並べます: dims = [in_dim, *hidden, out_dim]。隣り合う 2 つのサイズごとに nn.Linear が 1 つです。"),
        ("Put an nn.ReLU after every Linear except the last: the outputs are logits and must be able "
         "to go negative.",
         "最後以外のすべての Linear の後に nn.ReLU を置きます。出力はロジットなので、負の値も取れる必要があります。"),
        ("layers = []; for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])): append nn.Linear(a, b), "
         "and nn.ReLU() if i < len(dims) - 2; self.net = nn.Sequential(*layers); forward returns self.net(x).",
         "layers = [] とし、for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])) で nn.Linear(a, b) を追加、"
         "i < len(dims) - 2 なら nn.ReLU() も追加します。self.net = nn.Sequential(*layers) とし、"
         "forward は self.net(x) を返します。"),
    ]),
    K("cross_entropy", ("Cross-entropy from log-softmax", "log-softmaxから作る交差エントロピー"), [
        ("log_softmax(z) = z − log Σ exp(z). Subtracting the maximum first changes nothing in the math "
         "but keeps exp from overflowing.",
         "log_softmax(z) = z − log Σ exp(z) です。先に最大値を引いても数式上は何も変わりませんが、"
         "exp のオーバーフローを防げます。"),
        ("m = z.max(dim, keepdim=True).values; keepdim keeps the shapes broadcastable. Cross-entropy "
         "picks each row's target column: logp[torch.arange(B), targets].",
         "m = z.max(dim, keepdim=True).values とします。keepdim によりブロードキャストできる形が保たれます。"
         "交差エントロピーでは各行の正解列を取り出します: logp[torch.arange(B), targets]。"),
        ("s = z − m; log_softmax = s − torch.log(torch.exp(s).sum(dim, keepdim=True)); "
         "cross_entropy = −log_softmax(z)[torch.arange(B), t].mean(), after checking 0 ≤ t < K.",
         "s = z − m; log_softmax = s − torch.log(torch.exp(s).sum(dim, keepdim=True)); "
         "0 ≤ t < K を確認したうえで cross_entropy = −log_softmax(z)[torch.arange(B), t].mean() です。"),
    ]),
    K("training_loop", ("The training loop", "学習ループ"), [
        ("Each batch: zero the gradients, forward, loss, backward, optimizer step. Call model.train() "
         "before the loop.",
         "バッチごとに、勾配のリセット、順伝播、損失、逆伝播、オプティマイザのステップを行います。"
         "ループの前に model.train() を呼びます。"),
        ("optimizer.zero_grad() goes before loss.backward(): gradients accumulate. The epoch's mean is "
         "per example, so add loss.item() * len(y) and divide by the number of examples.",
         "optimizer.zero_grad() は loss.backward() の前に置きます。勾配は足し込まれるからです。"
         "エポックの平均はサンプル単位なので、loss.item() * len(y) を足し合わせてサンプル数で割ります。"),
        ("model.train(); for x, y in loader: optimizer.zero_grad(); loss = loss_fn(model(x), y); "
         "loss.backward(); optimizer.step(); total += loss.item() * len(y); n += len(y). "
         "ValueError if n == 0, else return total / n.",
         "model.train(); for x, y in loader: optimizer.zero_grad(); loss = loss_fn(model(x), y); "
         "loss.backward(); optimizer.step(); total += loss.item() * len(y); n += len(y)。"
         "n == 0 なら ValueError、そうでなければ total / n を返します。"),
    ]),
    K("accuracy", ("Accuracy and evaluation", "正解率と評価"), [
        ("The prediction is the argmax over the classes (the last dim). Evaluation runs in eval mode "
         "(dropout off) under torch.no_grad().",
         "予測はクラスの次元（最後の次元）での argmax です。評価は eval モード（ドロップアウト無効）で、"
         "torch.no_grad() の中で行います。"),
        ("Remember model.training before calling model.eval(), and restore it with "
         "model.train(was_training) at the end. Count correct predictions and sum loss · batch size.",
         "model.eval() を呼ぶ前に model.training を覚えておき、最後に model.train(was_training) で戻します。"
         "正解数を数え、損失 × バッチサイズを合計します。"),
        ("accuracy: (logits.argmax(-1) == t).float().mean().item(). evaluate: under no_grad, for each "
         "batch add loss_fn(logits, y).item() * len(y), (logits.argmax(-1) == y).sum() and len(y); "
         "return (loss_sum / n, correct / n).",
         "accuracy は (logits.argmax(-1) == t).float().mean().item() です。evaluate では no_grad の中で、"
         "バッチごとに loss_fn(logits, y).item() * len(y)、(logits.argmax(-1) == y).sum()、len(y) を足し、"
         "(loss_sum / n, correct / n) を返します。"),
    ]),
))

S02 = Stage("s02_gpt", ("A character GPT", "文字単位のGPT"), (
    K("char_vocab", ("A character vocabulary", "文字の語彙"), [
        ("The vocabulary is the set of distinct characters in the text, in a fixed order; a "
         "character's id is its index in that order.",
         "語彙はテキストに現れる異なる文字の集まりを、決まった順序に並べたものです。"
         "文字の ID はその並びでの位置です。"),
        ("set(text) drops the repeats and sorted(...) fixes the order (by code point), so the same "
         "text always gives the same ids. enumerate numbers them from 0.",
         "set(text) で重複を除き、sorted(...) で順序（文字コード順）を固定すると、同じテキストからは"
         "いつも同じ ID が得られます。enumerate で 0 から番号を振ります。"),
        ("Reject an empty text first; then chars = sorted(set(text)), "
         "stoi = {c: i for i, c in enumerate(chars)}, itos = {i: c for i, c in enumerate(chars)}.",
         "まず空のテキストを ValueError で弾き、chars = sorted(set(text))、"
         "stoi = {c: i for i, c in enumerate(chars)}、itos = {i: c for i, c in enumerate(chars)} とします。"),
    ]),
    K("encode_decode", ("Encode and decode", "エンコードとデコード"), [
        ("Encoding maps every character through stoi; decoding maps every id back through itos and "
         "joins the characters.",
         "エンコードは各文字を stoi で ID に変え、デコードは各 ID を itos で文字に戻して連結します。"),
        ("Test `ch in stoi` before the look-up and raise ValueError naming the character. The "
         "elements of a tensor are tensors, not ints: call .tolist() first.",
         "参照する前に `ch in stoi` を確かめ、その文字を含むメッセージで ValueError を送出します。"
         "テンソルの要素は int ではなくテンソルなので、先に .tolist() を呼びます。"),
        ("encode: after the check, [stoi[c] for c in text]. decode: if ids is a tensor, "
         "ids = ids.tolist(); then ''.join(itos[int(i)] for i in ids).",
         "encode はチェックの後に [stoi[c] for c in text] です。decode は ids がテンソルなら "
         "ids = ids.tolist() とし、''.join(itos[int(i)] for i in ids) を返します。"),
    ]),
    K("train_val_split", ("Train / validation split", "訓練データと検証データの分割"), [
        ("Split by position: the head of the token stream trains, the tail validates. No shuffling.",
         "位置で分けます。トークン列の先頭部分が訓練用、末尾が検証用で、シャッフルはしません。"),
        ("n = int(train_frac * len(data)) truncates (round() would differ). train_frac must lie "
         "strictly between 0 and 1.",
         "n = int(train_frac * len(data)) は切り捨てです（round() とは結果が変わります）。"
         "train_frac は 0 より大きく 1 より小さくなければなりません。"),
        ("if not 0 < train_frac < 1: raise ValueError(...); n = int(train_frac * len(data)); "
         "return data[:n], data[n:]",
         "if not 0 < train_frac < 1: raise ValueError(...); n = int(train_frac * len(data)); "
         "return data[:n], data[n:] です。"),
    ]),
    K("get_batch", ("Sample a batch of windows", "ウィンドウのミニバッチを作る"), [
        ("Each row is block_size consecutive tokens from a random offset; its target is the same "
         "window moved one token to the right.",
         "各行はランダムな開始位置から連続する block_size 個のトークンで、ターゲットは同じウィンドウを"
         "1トークン右にずらしたものです。"),
        ("Draw the offsets with torch.randint(len(data) - block_size, (batch_size,), "
         "generator=generator). The high end is excluded, so the largest offset leaves exactly "
         "room for y to end at the last token.",
         "開始位置は torch.randint(len(data) - block_size, (batch_size,), generator=generator) で"
         "引きます。上限は含まれないので、最大の開始位置でも y がちょうど最後のトークンで終わります。"),
        ("After the length check: x = torch.stack([data[i:i + block_size] for i in ix]); "
         "y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix]); return x.long(), y.long().",
         "長さのチェックの後、x = torch.stack([data[i:i + block_size] for i in ix])、"
         "y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix]) とし、"
         "x.long(), y.long() を返します。"),
    ]),
    K("token_embedding", ("Token embedding", "トークン埋め込み"), [
        ("An embedding is a learnable table: token id i selects row i.",
         "埋め込みは学習可能な表です。トークン ID i は i 行目を選びます。"),
        ("Wrap torch.randn(vocab_size, n_embd) in nn.Parameter so the module registers and trains "
         "it. Indexing a tensor with an integer tensor picks whole rows.",
         "torch.randn(vocab_size, n_embd) を nn.Parameter で包むと、モジュールに登録され学習されます。"
         "整数テンソルでインデックスすると行ごと取り出せます。"),
        ("self.weight = nn.Parameter(torch.randn(vocab_size, n_embd)); forward returns "
         "self.weight[idx] ([B, T] -> [B, T, n_embd]).",
         "self.weight = nn.Parameter(torch.randn(vocab_size, n_embd)) とし、forward は "
         "self.weight[idx] を返します（[B, T] -> [B, T, n_embd]）。"),
    ]),
    K("position_embedding", ("Position embedding", "位置埋め込み"), [
        ("Every position 0..block_size-1 has its own learnable row; a window of length T uses the "
         "rows of positions 0..T-1.",
         "位置 0..block_size-1 はそれぞれ学習可能な行を持ちます。長さ T のウィンドウは位置 0..T-1 の"
         "行を使います。"),
        ("Positions count from 0 in every window, wherever the window was cut from the text. Check "
         "1 <= T <= block_size first.",
         "テキストのどこから切り出したウィンドウでも、位置は 0 から数えます。"
         "まず 1 <= T <= block_size を確かめます。"),
        ("self.weight = nn.Parameter(torch.randn(block_size, n_embd)); forward: ValueError when T "
         "is out of range, else return self.weight[torch.arange(T)].",
         "self.weight = nn.Parameter(torch.randn(block_size, n_embd)) とし、forward は T が範囲外なら "
         "ValueError、そうでなければ self.weight[torch.arange(T)] を返します。"),
    ]),
    K("embedding", ("GPT's input embedding", "GPTの入力埋め込み"), [
        ("Add what each token is to where it stands, then apply dropout.",
         "「どのトークンか」と「どの位置にあるか」を足し合わせ、ドロップアウトをかけます。"),
        ("tok(idx) is [B, T, C] and pos(T) is [T, C]: broadcasting adds the same position rows to "
         "every sequence in the batch. Dropout goes on the sum.",
         "tok(idx) は [B, T, C]、pos(T) は [T, C] で、ブロードキャストによりバッチ内のすべての系列に"
         "同じ位置ベクトルが足されます。ドロップアウトは和にかけます。"),
        ("__init__: self.tok = TokenEmbedding(vocab_size, n_embd), self.pos = "
         "PositionEmbedding(block_size, n_embd), self.drop = nn.Dropout(dropout). forward: "
         "return self.drop(self.tok(idx) + self.pos(idx.shape[1])).",
         "__init__ で self.tok = TokenEmbedding(vocab_size, n_embd)、self.pos = "
         "PositionEmbedding(block_size, n_embd)、self.drop = nn.Dropout(dropout) を作り、forward は "
         "self.drop(self.tok(idx) + self.pos(idx.shape[1])) を返します。"),
    ]),
    K("layer_norm", ("Layer normalisation", "レイヤー正規化"), [
        ("Normalise each vector over its last dimension to mean 0 and variance 1, then scale by "
         "weight and shift by bias.",
         "各ベクトルを最後の次元について平均 0・分散 1 に正規化し、weight で拡大縮小して bias でずらします。"),
        ("keepdim=True lets the statistics broadcast back. The variance divides by N (torch.var "
         "divides by N-1 unless told otherwise), and eps goes inside the square root.",
         "keepdim=True にすると統計量がそのままブロードキャストできます。分散は N で割ります"
         "（torch.var は指定しなければ N-1 で割る不偏分散です）。eps は平方根の中に入れます。"),
        ("mu = x.mean(-1, keepdim=True); var = ((x - mu) ** 2).mean(-1, keepdim=True); "
         "y = (x - mu) / torch.sqrt(var + self.eps) * self.weight, plus self.bias when it is not None.",
         "mu = x.mean(-1, keepdim=True); var = ((x - mu) ** 2).mean(-1, keepdim=True); "
         "y = (x - mu) / torch.sqrt(var + self.eps) * self.weight とし、self.bias が None でなければ足します。"),
    ]),
    K("attention_scores", ("Attention scores (÷√d)", "アテンションスコア（√d で割る）"), [
        ("Compare every query with every key by a dot product, then scale the result down.",
         "すべてのクエリとすべてのキーを内積で比べ、その結果を縮小します。"),
        ("q @ kᵀ needs k with only its last two dims swapped: k.transpose(-2, -1). Without the "
         "1/sqrt(d) the scores' variance grows like d and the softmax saturates.",
         "q @ kᵀ には最後の 2 つの次元だけを入れ替えた k、つまり k.transpose(-2, -1) が必要です。"
         "1/sqrt(d) を掛けないとスコアの分散が d に比例して大きくなり、softmax が飽和します。"),
        ("return q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])",
         "return q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]) です。"),
    ]),
    K("causal_mask", ("The causal mask", "因果マスク"), [
        ("Position i may look at positions j <= i: the lower triangle, diagonal included.",
         "位置 i が見てよいのは j <= i の位置だけです。対角成分を含む下三角です。"),
        ("torch.tril keeps the diagonal and everything below it. Set the forbidden scores to -inf "
         "before the softmax: exp(-inf) = 0, and each row still sums to 1.",
         "torch.tril は対角成分とその下を残します。禁止された位置のスコアを softmax の前に -inf にすると、"
         "exp(-inf) = 0 となり、各行の和も 1 のままです。"),
        ("causal_mask: torch.tril(torch.ones(T, T, dtype=torch.bool, device=device)). "
         "masked_softmax: torch.softmax(scores.masked_fill(~mask, float('-inf')), dim=-1).",
         "causal_mask は torch.tril(torch.ones(T, T, dtype=torch.bool, device=device))、"
         "masked_softmax は torch.softmax(scores.masked_fill(~mask, float('-inf')), dim=-1) です。"),
    ]),
    K("attention_head", ("One attention head", "1 つのアテンションヘッド"), [
        ("Project x to queries, keys and values, then average the values with the softmax of the "
         "scaled, masked scores as weights.",
         "x をクエリ・キー・バリューに射影し、スケーリングとマスクを施したスコアの softmax を重みとして"
         "バリューを平均します。"),
        ("Reuse attention_scores and masked_softmax. For a window of length T the mask is "
         "self.tril[:T, :T]; dropout acts on the weights before they multiply v.",
         "attention_scores と masked_softmax を再利用します。長さ T のウィンドウのマスクは "
         "self.tril[:T, :T] です。ドロップアウトは v に掛ける前の重みにかけます。"),
        ("After checking T <= block_size: q, k, v = self.query(x), self.key(x), self.value(x); "
         "wei = masked_softmax(attention_scores(q, k), self.tril[:T, :T]); "
         "return self.dropout(wei) @ v.",
         "T <= block_size を確かめた後、q, k, v = self.query(x), self.key(x), self.value(x); "
         "wei = masked_softmax(attention_scores(q, k), self.tril[:T, :T]); "
         "return self.dropout(wei) @ v です。"),
    ]),
    K("multi_head_attention", ("Multi-head attention", "マルチヘッドアテンション"), [
        ("Run several smaller heads side by side, join their outputs, and mix them with one linear "
         "layer.",
         "小さなヘッドを複数並べて実行し、出力をつなげて、1 つの線形層で混ぜ合わせます。"),
        ("head_size = n_embd // n_head (ValueError when it does not divide). Keep the heads in an "
         "nn.ModuleList so their weights are registered; concatenate on the last dim in head order.",
         "head_size = n_embd // n_head です（割り切れなければ ValueError）。重みが登録されるように"
         "ヘッドは nn.ModuleList に入れ、最後の次元でヘッドの順に連結します。"),
        ("self.heads = nn.ModuleList([AttentionHead(n_embd, head_size, block_size, dropout) for _ "
         "in range(n_head)]); self.proj = nn.Linear(n_embd, n_embd); self.dropout = "
         "nn.Dropout(dropout). forward: self.dropout(self.proj(torch.cat([h(x) for h in "
         "self.heads], dim=-1))).",
         "self.heads = nn.ModuleList([AttentionHead(n_embd, head_size, block_size, dropout) for _ "
         "in range(n_head)])、self.proj = nn.Linear(n_embd, n_embd)、self.dropout = "
         "nn.Dropout(dropout) とし、forward は self.dropout(self.proj(torch.cat([h(x) for h in "
         "self.heads], dim=-1))) です。"),
    ]),
    K("causal_self_attention", ("Causal self-attention, all heads at once",
                                "因果的セルフアテンション（全ヘッドを一度に）"), [
        ("One Linear makes q, k and v for every head. Split its output into three [B, T, C] "
         "tensors, then give each head its own slice of the channels.",
         "1つの Linear で全ヘッド分の q, k, v を作ります。その出力を3つの [B, T, C] テンソルに分け、"
         "チャネルを各ヘッドに切り分けます。"),
        ("view(B, T, nh, hs) splits each token's channels into heads; transpose(1, 2) then gives "
         "[B, nh, T, hs], so one matmul runs all heads. Scale by 1/sqrt(hs), the HEAD size, and mask "
         "with -inf before the softmax. Undo it with transpose(1, 2).contiguous().view(B, T, C).",
         "view(B, T, nh, hs) で各トークンのチャネルをヘッドに分け、transpose(1, 2) で [B, nh, T, hs] "
         "にします。これで1回の行列積で全ヘッドを計算できます。スケールはヘッドサイズ hs を使った "
         "1/sqrt(hs) です。softmax の前に -inf でマスクします。最後は transpose(1, 2).contiguous()"
         ".view(B, T, C) で元に戻します。"),
        ("q, k, v = self.c_attn(x).split(C, dim=2); q = q.view(B, T, nh, hs).transpose(1, 2) "
         "(k, v likewise); att = (q @ k.transpose(-2, -1)) / math.sqrt(hs); "
         "att = att.masked_fill(self.tril[:T, :T] == 0, float('-inf')).softmax(dim=-1); "
         "y = self.attn_dropout(att) @ v; y = y.transpose(1, 2).contiguous().view(B, T, C); "
         "return self.resid_dropout(self.c_proj(y)).",
         "q, k, v = self.c_attn(x).split(C, dim=2); q = q.view(B, T, nh, hs).transpose(1, 2) "
         "（k, v も同様）; att = (q @ k.transpose(-2, -1)) / math.sqrt(hs); "
         "att = att.masked_fill(self.tril[:T, :T] == 0, float('-inf')).softmax(dim=-1); "
         "y = self.attn_dropout(att) @ v; y = y.transpose(1, 2).contiguous().view(B, T, C); "
         "return self.resid_dropout(self.c_proj(y)) と書きます。"),
    ]),
    K("feed_forward", ("The feed-forward network", "フィードフォワードネットワーク"), [
        ("A two-layer MLP applied to every position on its own: widen 4×, a nonlinearity, back to "
         "n_embd.",
         "各位置に独立に適用する2層の MLP です。幅を4倍に広げ、非線形関数を通し、n_embd に戻します。"),
        ("GPT uses GELU, not ReLU: nn.GELU() with its default (exact) form. Dropout comes last, "
         "after c_proj.",
         "GPT は ReLU ではなく GELU を使います。nn.GELU() をデフォルト（厳密な形）のまま使いましょう。"
         "ドロップアウトは最後、c_proj の後に置きます。"),
        ("self.c_fc = nn.Linear(n_embd, 4 * n_embd, bias=bias); self.gelu = nn.GELU(); "
         "self.c_proj = nn.Linear(4 * n_embd, n_embd, bias=bias); self.dropout = nn.Dropout(dropout); "
         "forward: return self.dropout(self.c_proj(self.gelu(self.c_fc(x)))).",
         "self.c_fc = nn.Linear(n_embd, 4 * n_embd, bias=bias); self.gelu = nn.GELU(); "
         "self.c_proj = nn.Linear(4 * n_embd, n_embd, bias=bias); self.dropout = nn.Dropout(dropout) "
         "とし、forward は return self.dropout(self.c_proj(self.gelu(self.c_fc(x)))) です。"),
    ]),
    K("block", ("The transformer block (pre-LN, residuals)", "Transformer ブロック（Pre-LN と残差接続）"), [
        ("Two sub-layers, attention then the MLP. Each reads a normalised copy of x and adds its "
         "result back onto x.",
         "サブレイヤーは2つで、アテンションの次に MLP です。どちらも x を正規化したコピーを読み、"
         "その結果を x に足し戻します。"),
        ("Normalise the input of each sub-layer, never the sum: x + attn(ln_1(x)), not "
         "ln_1(x + attn(x)). ln_1 goes with attention, ln_2 with the MLP.",
         "正規化するのは各サブレイヤーの入力で、和ではありません。ln_1(x + attn(x)) ではなく "
         "x + attn(ln_1(x)) です。アテンションには ln_1、MLP には ln_2 を使います。"),
        ("__init__: self.ln_1 = LayerNorm(n_embd, bias=bias); self.attn = CausalSelfAttention(n_embd, "
         "n_head, block_size, dropout, bias); self.ln_2 = LayerNorm(n_embd, bias=bias); "
         "self.mlp = FeedForward(n_embd, dropout, bias). forward: x = x + self.attn(self.ln_1(x)); "
         "x = x + self.mlp(self.ln_2(x)); return x.",
         "__init__ は self.ln_1 = LayerNorm(n_embd, bias=bias); self.attn = CausalSelfAttention(n_embd, "
         "n_head, block_size, dropout, bias); self.ln_2 = LayerNorm(n_embd, bias=bias); "
         "self.mlp = FeedForward(n_embd, dropout, bias) です。forward は x = x + self.attn(self.ln_1(x)); "
         "x = x + self.mlp(self.ln_2(x)); return x です。"),
    ]),
    K("lm_head", ("The language-model head", "言語モデルヘッド"), [
        ("Normalise the residual stream one last time, then score it against every vocabulary "
         "token.",
         "残差ストリームを最後にもう一度正規化し、語彙の各トークンに対するスコアを計算します。"),
        ("lm_head is nn.Linear(n_embd, vocab_size, bias=False) whatever `bias` says; `bias` only "
         "goes to ln_f. Return raw logits: no softmax.",
         "lm_head は `bias` の値にかかわらず nn.Linear(n_embd, vocab_size, bias=False) です。`bias` は "
         "ln_f にだけ渡します。softmax はかけず、生のロジットを返します。"),
        ("self.ln_f = LayerNorm(n_embd, bias=bias); self.lm_head = nn.Linear(n_embd, vocab_size, "
         "bias=False); forward: return self.lm_head(self.ln_f(x)).",
         "self.ln_f = LayerNorm(n_embd, bias=bias); self.lm_head = nn.Linear(n_embd, vocab_size, "
         "bias=False) とし、forward は return self.lm_head(self.ln_f(x)) です。"),
    ]),
    K("lm_loss", ("The language-model loss", "言語モデルの損失"), [
        ("Every position of every sequence is one classification over V tokens; the loss is their "
         "mean cross-entropy.",
         "すべての系列のすべての位置が、V 個のトークンから1つを選ぶ分類問題です。損失はそれらの"
         "クロスエントロピーの平均です。"),
        ("F.cross_entropy expects the classes in dim 1, so flatten: logits to [B*T, V], targets to "
         "[B*T]. Check the shapes first.",
         "F.cross_entropy はクラスが dim 1 にあることを前提とします。logits を [B*T, V] に、targets を "
         "[B*T] に平坦化しましょう。先に形状を確認します。"),
        ("B, T, V = logits.shape (ValueError unless logits.dim() == 3 and targets.shape == (B, T)); "
         "return F.cross_entropy(logits.reshape(B * T, V), targets.reshape(B * T)).",
         "B, T, V = logits.shape とし（logits.dim() == 3 かつ targets.shape == (B, T) でなければ "
         "ValueError）、return F.cross_entropy(logits.reshape(B * T, V), targets.reshape(B * T)) です。"),
    ]),
    K("gpt_model", ("The GPT model", "GPT モデル"), [
        ("Chain your pieces: embed, every block in order, head, and lm_loss when targets are given. "
         "Then initialise so that the first guesses are uniform.",
         "これまでの部品をつなぎます。embed、すべてのブロックを順に、head、そして targets があれば "
         "lm_loss です。そのうえで、最初の予測がほぼ一様になるように初期化します。"),
        ("Keep the blocks in an nn.ModuleList so their parameters are registered. Initialise after "
         "building (and tying): Linear weights and both embedding tables N(0, 0.02), biases 0, then "
         "every parameter whose name ends in 'c_proj.weight' with std 0.02/sqrt(2·n_layer).",
         "ブロックは nn.ModuleList に入れて、パラメータが登録されるようにします。構築（と重み共有）の"
         "後で初期化します。Linear の重みと2つの埋め込み表は N(0, 0.02)、バイアスは 0 にし、そのあと"
         "名前が 'c_proj.weight' で終わるパラメータをすべて標準偏差 0.02/sqrt(2·n_layer) で"
         "初期化し直します。"),
        ("self.blocks = nn.ModuleList([Block(c.n_embd, c.n_head, c.block_size, c.dropout, c.bias) "
         "for _ in range(c.n_layer)]); if c.tie_weights: self.head.lm_head.weight = "
         "self.embed.tok.weight; for m in self.modules(): if isinstance(m, nn.Linear): "
         "nn.init.normal_(m.weight, std=0.02) and zero its bias; nn.init.normal_(self.embed.tok.weight, "
         "std=0.02) (pos too); for n, p in self.named_parameters(): if n.endswith('c_proj.weight'): "
         "nn.init.normal_(p, std=0.02 / math.sqrt(2 * c.n_layer)).",
         "self.blocks = nn.ModuleList([Block(c.n_embd, c.n_head, c.block_size, c.dropout, c.bias) "
         "for _ in range(c.n_layer)]); c.tie_weights なら self.head.lm_head.weight = "
         "self.embed.tok.weight とします。for m in self.modules() で nn.Linear なら "
         "nn.init.normal_(m.weight, std=0.02) としてバイアスを 0 にし、"
         "nn.init.normal_(self.embed.tok.weight, std=0.02)（pos も同様）、最後に "
         "for n, p in self.named_parameters() で n.endswith('c_proj.weight') なら "
         "nn.init.normal_(p, std=0.02 / math.sqrt(2 * c.n_layer)) です。"),
    ]),
    K("generate", ("Generating text", "テキストの生成"), [
        ("Predict, sample, append, repeat. Only the logits at the last position matter, and the "
         "model may only see its last block_size tokens.",
         "予測し、サンプリングし、末尾に追加し、これを繰り返します。必要なのは最後の位置のロジット"
         "だけで、モデルに見せてよいのは直近の block_size 個のトークンだけです。"),
        ("Divide the logits by the temperature before the softmax. For top-k, find each row's k-th "
         "largest value (torch.topk) and set smaller logits to -inf. Pass generator= to "
         "torch.multinomial, and run the loop under torch.no_grad().",
         "softmax の前にロジットを温度で割ります。top-k では各行で k 番目に大きい値を torch.topk で"
         "求め、それより小さいロジットを -inf にします。torch.multinomial には generator= を渡し、"
         "ループ全体を torch.no_grad() の中で実行します。"),
        ("logits, _ = model(idx[:, -model.config.block_size:]); logits = logits[:, -1, :] / "
         "temperature; if top_k: v, _ = torch.topk(logits, min(top_k, logits.size(-1))); "
         "logits[logits < v[:, [-1]]] = float('-inf'); nxt = torch.multinomial(F.softmax(logits, "
         "dim=-1), 1, generator=generator); idx = torch.cat([idx, nxt], dim=1).",
         "logits, _ = model(idx[:, -model.config.block_size:]); logits = logits[:, -1, :] / "
         "temperature; top_k があれば v, _ = torch.topk(logits, min(top_k, logits.size(-1))); "
         "logits[logits < v[:, [-1]]] = float('-inf'); nxt = torch.multinomial(F.softmax(logits, "
         "dim=-1), 1, generator=generator); idx = torch.cat([idx, nxt], dim=1) です。"),
    ]),
    K("optimizer_groups", ("AdamW parameter groups", "AdamW のパラメータグループ"), [
        ("Weight decay belongs on the matrices, not on biases or LayerNorm gains. Their shape tells "
         "them apart.",
         "重み減衰をかけるのは行列で、バイアスや LayerNorm のゲインにはかけません。形状で見分けられ"
         "ます。"),
        ("Loop over model.parameters() (it yields a tied weight once) and sort by p.dim() >= 2. "
         "Each group is a dict with 'params' and its own 'weight_decay'.",
         "model.parameters() をループします（共有された重みは1回だけ現れます）。p.dim() >= 2 か"
         "どうかで振り分けます。各グループは 'params' と専用の 'weight_decay' を持つ辞書です。"),
        ("decay = [p for p in params if p.dim() >= 2]; no_decay = [p for p in params if p.dim() < 2]; "
         "return torch.optim.AdamW([{'params': decay, 'weight_decay': weight_decay}, {'params': "
         "no_decay, 'weight_decay': 0.0}], lr=learning_rate, betas=betas, fused=True if device_type "
         "== 'cuda' else None).",
         "decay = [p for p in params if p.dim() >= 2]; no_decay = [p for p in params if p.dim() < 2] "
         "とし、return torch.optim.AdamW([{'params': decay, 'weight_decay': weight_decay}, "
         "{'params': no_decay, 'weight_decay': 0.0}], lr=learning_rate, betas=betas, "
         "fused=True if device_type == 'cuda' else None) です。"),
    ]),
    K("lr_schedule", ("Warmup and cosine learning-rate schedule",
                      "ウォームアップとコサイン学習率スケジュール"), [
        ("Three pieces: a straight climb during warmup, half a cosine from learning_rate down to "
         "min_lr, and a flat floor after lr_decay_iters.",
         "3つの区間があります。ウォームアップ中の直線的な上昇、learning_rate から min_lr へ下る"
         "半周期のコサイン、そして lr_decay_iters 以降の一定の下限です。"),
        ("Warmup uses (it + 1) / (warmup_iters + 1), so step 0 is not wasted. In the cosine piece "
         "r = (it - warmup_iters) / (lr_decay_iters - warmup_iters) runs from 0 to 1.",
         "ウォームアップは (it + 1) / (warmup_iters + 1) を使うので、ステップ 0 も無駄になりません。"
         "コサインの区間では r = (it - warmup_iters) / (lr_decay_iters - warmup_iters) が 0 から 1 "
         "まで動きます。"),
        ("if it < warmup_iters: return learning_rate * (it + 1) / (warmup_iters + 1); if it > "
         "lr_decay_iters: return min_lr; coeff = 0.5 * (1 + math.cos(math.pi * r)); "
         "return min_lr + coeff * (learning_rate - min_lr) (a negative it is a ValueError).",
         "if it < warmup_iters: return learning_rate * (it + 1) / (warmup_iters + 1); if it > "
         "lr_decay_iters: return min_lr; coeff = 0.5 * (1 + math.cos(math.pi * r)); "
         "return min_lr + coeff * (learning_rate - min_lr) です（負の it は ValueError）。"),
    ]),
    K("train_step", ("One training step", "1回の学習ステップ"), [
        ("Clear the gradients, forward, backward, clip, step; stop early if the loss is not a "
         "finite number.",
         "勾配をクリアし、順伝播、逆伝播、クリッピング、ステップの順に行います。損失が有限の数で"
         "なければ、その時点で止めます。"),
        ("Gradients add up in .grad until cleared: call optimizer.zero_grad(set_to_none=True) "
         "first. Check torch.isfinite(loss) before backward; clip with "
         "torch.nn.utils.clip_grad_norm_ between backward and step.",
         "勾配はクリアしない限り .grad に加算されていきます。最初に optimizer.zero_grad(set_to_none="
         "True) を呼びます。backward の前に torch.isfinite(loss) を確認し、backward と step の間で "
         "torch.nn.utils.clip_grad_norm_ によるクリッピングを行います。"),
        ("ctx = torch.autocast(device_type=x.device.type, dtype=autocast_dtype) if autocast_dtype "
         "else nullcontext(); with ctx: _, loss = model(x, y); if not torch.isfinite(loss): raise "
         "FloatingPointError(...); loss.backward(); if grad_clip > 0: "
         "torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip); optimizer.step(); "
         "return loss.item().",
         "ctx = torch.autocast(device_type=x.device.type, dtype=autocast_dtype) if autocast_dtype "
         "else nullcontext(); with ctx: _, loss = model(x, y); if not torch.isfinite(loss): raise "
         "FloatingPointError(...); loss.backward(); if grad_clip > 0: "
         "torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip); optimizer.step(); "
         "return loss.item() です。"),
    ]),
    K("estimate_loss", ("Estimating train and validation loss", "学習・検証損失の推定"), [
        ("Average the loss over several batches per split without disturbing the model: no "
         "dropout, no gradients, and its mode put back afterwards.",
         "各スプリットで複数バッチの損失を平均します。モデルを乱さないよう、ドロップアウトなし・"
         "勾配なしで測り、終わったらモードを元に戻します。"),
        ("Save model.training before model.eval(), and finish with model.train(was_training), not "
         "always model.train(). Collect plain floats with loss.item().",
         "model.eval() を呼ぶ前に model.training を保存し、最後は常に model.train() とするのでは"
         "なく model.train(was_training) で戻します。値は loss.item() で普通の float として集めます。"),
        ("was_training = model.training; model.eval(); with torch.no_grad(): for split in ('train', "
         "'val'): out[split] = sum(model(*get_batch_fn(split))[1].item() for _ in "
         "range(eval_iters)) / eval_iters; then model.train(was_training); return out.",
         "was_training = model.training; model.eval(); with torch.no_grad(): for split in ('train', "
         "'val'): out[split] = sum(model(*get_batch_fn(split))[1].item() for _ in "
         "range(eval_iters)) / eval_iters とし、最後に model.train(was_training); return out です。"),
    ]),
))

STAGES: tuple[Stage, ...] = (
    S00,
    S01,
    S02,
    # Stages still being written: listed so learners can see the road ahead.
    Stage("s03_vit", ("Vision Transformer", "Vision Transformer")),
    Stage("s04_captioning", ("Image captioning", "画像キャプション生成")),
    Stage("s05_vae", ("Variational autoencoder", "変分オートエンコーダ")),
    Stage("s06_ddpm", ("Diffusion (DDPM)", "拡散モデル（DDPM）")),
    Stage("s07_guidance", ("Class-conditional diffusion and guidance", "クラス条件付き拡散とガイダンス")),
    Stage("s08_quality", ("DDIM, EMA and measuring quality", "DDIM・EMAと品質評価")),
    Stage("s09_clip", ("CLIP", "CLIP")),
    Stage("s10_latent_diffusion", ("Latent diffusion", "潜在拡散モデル")),
    Stage("s11_pipeline", ("A text-to-image pipeline", "テキストから画像へのパイプライン")),
)

# ---------------------------------------------------------------------------------------------
# Trainable models
# ---------------------------------------------------------------------------------------------

MODELS: dict[str, Model] = {
    m.id: m
    for m in (
        # in stage order
        Model("mlp", ("MNIST classifier (MLP)", "MNIST分類器（MLP）"), "s01_pytorch",
              ("mlp", "cross_entropy", "training_loop", "accuracy")),
        Model("gpt", ("Character GPT on tiny Shakespeare", "tiny Shakespeareで学ぶ文字単位GPT"),
              "s02_gpt", ("char_vocab", "encode_decode", "train_val_split", "get_batch",
                          "token_embedding", "position_embedding", "embedding", "layer_norm",
                          "causal_self_attention", "feed_forward", "block", "lm_head", "lm_loss",
                          "gpt_model", "generate", "optimizer_groups", "lr_schedule",
                          "train_step", "estimate_loss")),
    )
}


# ---------------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------------

def all_katas() -> list[Kata]:
    return [k for s in STAGES for k in s.katas]


def find_kata(name: str) -> Kata:
    """Find a kata by id (`attention_head`) or stage/id (`s02_gpt/attention_head`)."""
    for k in all_katas():
        if name in (k.id, k.key):
            return k
    raise KeyError(name)


def find_stage(name: str) -> Stage:
    """Find a stage by id (`s02_gpt`) or short prefix (`s02`)."""
    for s in STAGES:
        if name == s.id or s.id.startswith(name + "_"):
            return s
    raise KeyError(name)


def text(pair: Text, lang: str) -> str:
    return pair[LANGS.index(lang)] if lang in LANGS else pair[0]
