"""Specs for katas/s02_gpt/optimizer_groups.py."""
import torch
from torch import nn

from harness.checks import expect, expect_close, expect_raises

WD, LR = 0.1, 1e-2


class Toy(nn.Module):
    """Every kind of parameter a GPT has: a table, Linear weight + bias, LayerNorm, a tied head."""

    def __init__(self):
        super().__init__()
        self.table = nn.Parameter(torch.randn(10, 6))   # 2-D: decays
        self.lin = nn.Linear(6, 6)                      # weight 2-D decays, bias 1-D does not
        self.ln = nn.LayerNorm(6)                       # weight and bias 1-D: no decay
        self.conv = nn.Conv1d(2, 3, 3)                  # weight 3-D: decays
        self.scale = nn.Parameter(torch.tensor(1.5))    # 0-D: no decay
        self.head = nn.Linear(6, 10, bias=False)
        self.head.weight = self.table                   # tied: one Parameter, two names


def groups_of(opt):
    """id(param) -> list of the weight_decay values of every group that holds it."""
    where = {}
    for g in opt.param_groups:
        for p in g["params"]:
            where.setdefault(id(p), []).append(g["weight_decay"])
    return where


def test_returns_adamw_with_two_groups_and_the_settings(kata):
    opt = kata.configure_optimizer(Toy(), WD, LR, betas=(0.8, 0.95))
    if not expect(isinstance(opt, torch.optim.AdamW),
                  (f"expected torch.optim.AdamW, got {type(opt).__name__}",
                   f"torch.optim.AdamW のはずですが、{type(opt).__name__} でした")):
        return
    n = len(opt.param_groups)
    if expect(n == 2, (f"expected 2 param groups (decay, no decay), got {n}",
                       f"パラメータグループは 2 つ（減衰あり、減衰なし）のはずですが、{n} 個でした")):
        wds = sorted(float(g["weight_decay"]) for g in opt.param_groups)
        expect(wds == [0.0, WD], (f"the groups' weight_decay should be {WD} and 0.0, got {wds}",
                                  f"グループの weight_decay は {WD} と 0.0 のはずですが、{wds} でした"))
    for g in opt.param_groups:
        expect(g["lr"] == LR, (f"every group should have lr={LR}, got {g['lr']}",
                               f"どのグループも lr={LR} のはずですが、{g['lr']} でした"))
        betas = tuple(float(b) for b in g["betas"])
        expect(betas == (0.8, 0.95), (f"every group should have betas=(0.8, 0.95), got {betas}",
                                      f"どのグループも betas=(0.8, 0.95) のはずですが、{betas} でした"))


def test_exactly_the_matrices_decay(kata):
    model = Toy()
    opt = kata.configure_optimizer(model, WD, LR)
    where = groups_of(opt)
    for name, p in model.named_parameters():
        wds = where.get(id(p), [])
        if not wds:
            continue  # reported by the membership spec
        want = WD if p.dim() >= 2 else 0.0
        got = float(wds[0])
        if p.dim() >= 2:
            kind = ("a matrix (dim >= 2) must decay", "行列（dim >= 2）は減衰させます")
        else:
            kind = ("biases, LayerNorm weights and scalars (dim < 2) must not decay",
                    "バイアス、LayerNorm の重み、スカラー（dim < 2）は減衰させません")
        expect(got == want, (f"{name} ({p.dim()}-D) is in a group with weight_decay {got}, expected {want}: "
                             f"{kind[0]}",
                             f"{name}（{p.dim()} 次元）は weight_decay {got} のグループにありますが、{want} の"
                             f"はずです。{kind[1]}"))


def test_every_parameter_exactly_once(kata):
    model = Toy()
    opt = kata.configure_optimizer(model, WD, LR)
    where = groups_of(opt)
    names = {id(p): n for n, p in model.named_parameters()}  # the tied weight appears once here
    for pid, name in names.items():
        n = len(where.get(pid, []))
        hint = (" (tied weights: collect params with model.parameters(), which skips duplicates)",
                "（共有された重み: 重複を飛ばす model.parameters() で集めましょう）") if n > 1 else ("", "")
        expect(n == 1, (f"parameter {name} appears {n} times in the optimizer, expected exactly once{hint[0]}",
                        f"パラメータ {name} がオプティマイザに {n} 回現れています。ちょうど 1 回のはずです{hint[1]}"))
    strangers = [pid for pid in where if pid not in names]
    expect(not strangers, (f"{len(strangers)} tensors in the optimizer are not parameters of the model",
                           f"オプティマイザ内の {len(strangers)} 個のテンソルがモデルのパラメータではありません"))


def test_one_step_with_zero_gradients_only_decays_the_matrices(kata):
    # With zero gradients Adam's update is 0, so AdamW's step is pure decoupled decay:
    # p <- p·(1 - lr·wd) for the decayed group, p unchanged for the other.
    model = Toy()
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt = kata.configure_optimizer(model, WD, LR)
    for p in model.parameters():
        p.grad = torch.zeros_like(p)
    opt.step()
    for n, p in model.named_parameters():
        factor = 1 - LR * WD if p.dim() >= 2 else 1.0
        expect_close(p.detach(), before[n] * factor, atol=1e-7,
                     what=(f"{n} after one AdamW step with zero grads (expected ×{factor:g})",
                           f"勾配 0 で AdamW を 1 ステップ進めた後の {n}（×{factor:g} のはずです）"))


def test_fused_only_for_cuda(kata):
    opt = kata.configure_optimizer(Toy(), WD, LR, device_type="cpu")
    expect(not any(g.get("fused") for g in opt.param_groups),
           ("device_type='cpu' must not ask for fused=True (the fused kernel is for CUDA)",
            "device_type='cpu' では fused=True を指定してはいけません（融合カーネルは CUDA 用です）"))
    try:
        opt = kata.configure_optimizer(Toy(), WD, LR, device_type="cuda")
    except RuntimeError as e:  # an older torch refuses fused AdamW on CPU tensors
        if "fused" not in str(e).lower():
            raise
        return
    expect(all(g.get("fused") for g in opt.param_groups),
           ("device_type='cuda' should build AdamW(..., fused=True)",
            "device_type='cuda' では AdamW(..., fused=True) を作るはずです"))


def test_rejects_negative_settings(kata):
    expect_raises(ValueError, kata.configure_optimizer, Toy(), -0.1, LR,
                  what=("configure_optimizer with weight_decay = -0.1", "weight_decay = -0.1 の configure_optimizer"))
    expect_raises(ValueError, kata.configure_optimizer, Toy(), WD, -1e-3,
                  what=("configure_optimizer with learning_rate = -0.001",
                        "learning_rate = -0.001 の configure_optimizer"))
