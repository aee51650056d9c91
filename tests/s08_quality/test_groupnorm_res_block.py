"""Specs for katas/s08_quality/groupnorm_res_block.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape

IN, OUT, TD, G = 8, 16, 12, 4


def _parts(block):
    return {n: getattr(block, n, None) for n in ("norm1", "conv1", "time_proj", "norm2", "dropout", "conv2", "skip")}


def _oracle(block, x, emb, variant="right"):
    """The block from F functions and the block's own weights; variants are the usual slips."""
    gn = lambda h, norm: F.group_norm(h, norm.num_groups, norm.weight, norm.bias, norm.eps)
    h = F.conv2d(F.silu(gn(x, block.norm1)), block.conv1.weight, block.conv1.bias, padding=1)
    mod = F.linear(F.silu(emb), block.time_proj.weight, block.time_proj.bias)[:, :, None, None]
    scale, shift = mod.chunk(2, dim=1)
    if variant == "swapped":
        scale, shift = shift, scale
    if variant == "scale_only":
        h = gn(h, block.norm2) * scale + shift
    elif variant == "norm_after":
        h = gn(h * (1 + scale) + shift, block.norm2)
    else:
        h = gn(h, block.norm2) * (1 + scale) + shift
    h = F.silu(h)
    h = F.dropout(h, block.dropout.p, training=True) if variant == "dropout" else h
    h = F.conv2d(h, block.conv2.weight, block.conv2.bias, padding=1)
    skip = x if isinstance(block.skip, nn.Identity) else F.conv2d(x, block.skip.weight, block.skip.bias)
    return h + skip


def test_parts(kata):
    block = kata.ScaleShiftResBlock(IN, OUT, TD, groups=G, dropout=0.1)
    p = _parts(block)
    want = {"norm1": (nn.GroupNorm, lambda m: (m.num_groups, m.num_channels) == (G, IN)),
            "conv1": (nn.Conv2d, lambda m: tuple(m.weight.shape) == (OUT, IN, 3, 3) and m.padding == (1, 1)),
            "time_proj": (nn.Linear, lambda m: tuple(m.weight.shape) == (2 * OUT, TD)),
            "norm2": (nn.GroupNorm, lambda m: (m.num_groups, m.num_channels) == (G, OUT)),
            "dropout": (nn.Dropout, lambda m: m.p == 0.1),
            "conv2": (nn.Conv2d, lambda m: tuple(m.weight.shape) == (OUT, OUT, 3, 3) and m.padding == (1, 1)),
            "skip": (nn.Conv2d, lambda m: tuple(m.weight.shape) == (OUT, IN, 1, 1))}
    for name, (kind, ok) in want.items():
        layer = p[name]
        expect(isinstance(layer, kind) and ok(layer),
               (f".{name} should be {kind.__name__} as in the docstring's Parts (in={IN}, out={OUT}, time_dim={TD}, "
                f"groups={G}, dropout=0.1), got {layer}",
                f".{name} は docstring の「部品」のとおりの {kind.__name__} のはずです（in={IN}、out={OUT}、time_dim={TD}、"
                f"groups={G}、dropout=0.1）が、{layer} でした"))
    same = kata.ScaleShiftResBlock(OUT, OUT, TD, groups=G)
    expect(isinstance(getattr(same, "skip", None), nn.Identity),
           (f"with in = out the skip should be nn.Identity(), got {getattr(same, 'skip', None)}",
            f"in = out なら skip は nn.Identity() のはずですが、{getattr(same, 'skip', None)} でした"))


def test_forward_matches_the_equations(kata):
    block = kata.ScaleShiftResBlock(IN, OUT, TD, groups=G).eval()
    with torch.no_grad():                      # make the modulation large so every slip shows
        block.time_proj.weight.normal_(0, 0.5)
        block.time_proj.bias.normal_(0, 0.5)
    x, emb = torch.randn(2, IN, 5, 6), torch.randn(2, TD)
    with torch.no_grad():
        got = block(x, emb)
        want = _oracle(block, x, emb)
        if not expect_shape(got, (2, OUT, 5, 6), ("ScaleShiftResBlock(x [2, 8, 5, 6], emb [2, 12])",
                                                  "ScaleShiftResBlock(x [2, 8, 5, 6], emb [2, 12]) の出力")):
            return
        slips = {"scale_only": ("norm2(h)·scale + shift: the scale enters as (1 + scale), so a zero projection "
                                "changes nothing",
                                "norm2(h)·scale + shift になっています。スケールは (1 + scale) の形で入れます。こうすると"
                                "射影が 0 のとき何も変わりません"),
                 "swapped": ("scale and shift are swapped: scale is the FIRST half of time_proj's output, shift the second",
                             "scale と shift が入れ替わっています。time_proj の出力の「前半」が scale、後半が shift です"),
                 "norm_after": ("the modulation is applied before norm2 (norm2(h·(1+scale)+shift)): normalise first, "
                                "then modulate, or the norm undoes the scale",
                                "変調を norm2 の前にかけています（norm2(h·(1+scale)+shift)）。先に正規化してから変調しましょう。"
                                "そうしないと正規化がスケールを打ち消してしまいます")}
        for variant, (en, ja) in slips.items():
            if torch.allclose(got, _oracle(block, x, emb, variant), atol=1e-5):
                expect(False, (f"ScaleShiftResBlock: {en}", f"ScaleShiftResBlock の誤り: {ja}"))
                return
        expect_close(got, want, atol=1e-5,
                     what=("ScaleShiftResBlock vs conv2(silu(norm2(conv1(silu(norm1(x))))·(1 + scale) + shift)) + skip(x) "
                           "with scale, shift = time_proj(silu(emb)).chunk(2, dim=1)",
                           "ScaleShiftResBlock と conv2(silu(norm2(conv1(silu(norm1(x))))·(1 + scale) + shift)) + skip(x)"
                           "（scale, shift = time_proj(silu(emb)).chunk(2, dim=1)）の比較"))


def test_zero_time_projection_is_a_plain_res_block(kata):
    block = kata.ScaleShiftResBlock(OUT, OUT, TD, groups=G).eval()
    with torch.no_grad():
        block.time_proj.weight.zero_()
        block.time_proj.bias.zero_()
        x = torch.randn(2, OUT, 4, 4)
        got = block(x, torch.randn(2, TD))
        plain = block.conv2(F.silu(block.norm2(block.conv1(F.silu(block.norm1(x)))))) + x
    if expect_shape(got, (2, OUT, 4, 4), ("ScaleShiftResBlock output", "ScaleShiftResBlock の出力")):
        expect_close(got, plain, atol=1e-5,
                     what=("with time_proj = 0 (scale = shift = 0) the block is conv2(silu(norm2(conv1(silu(norm1(x)))))) + x: "
                           "(1 + 0) keeps the features (with `· scale` they would all vanish)",
                           "time_proj = 0（scale = shift = 0）ならブロックは conv2(silu(norm2(conv1(silu(norm1(x)))))) + x "
                           "です。(1 + 0) なら特徴が残ります（`· scale` だとすべて消えてしまいます）"))


def test_dropout_in_train_mode_only(kata):
    block = kata.ScaleShiftResBlock(IN, OUT, TD, groups=G, dropout=0.5)
    x, emb = torch.randn(2, IN, 4, 4), torch.randn(2, TD)
    block.train()
    with torch.no_grad():
        torch.manual_seed(123)
        got = block(x, emb)
        torch.manual_seed(123)                 # the same dropout mask, drawn by the oracle
        want = _oracle(block, x, emb, "dropout")
    if not expect_shape(got, (2, OUT, 4, 4), ("ScaleShiftResBlock output", "ScaleShiftResBlock の出力")):
        return
    expect_close(got, want, atol=1e-5,
                 what=("train mode, dropout = 0.5: the dropout sits between silu and conv2 — conv2(dropout(silu(h))) "
                       "(same random mask as F.dropout after the same seed)",
                       "train モード、dropout = 0.5: ドロップアウトは silu と conv2 のあいだです — conv2(dropout(silu(h)))"
                       "（同じシードのあとの F.dropout と同じランダムマスク）"))
    block.eval()
    with torch.no_grad():
        a, b = block(x, emb), block(x, emb)
        plain = _oracle(block, x, emb)
    expect_close(a, plain, atol=1e-5,
                 what=("eval mode: dropout is off (use the nn.Dropout module, which follows block.train()/eval())",
                       "eval モードではドロップアウトは止まります（block.train()/eval() に従う nn.Dropout モジュールを使いましょう）"))
    expect_close(b, a, atol=0, what=("eval mode is deterministic", "eval モードは決定的です"))


def test_gradients_reach_every_part(kata):
    block = kata.ScaleShiftResBlock(IN, OUT, TD, groups=G)
    x, emb = torch.randn(2, IN, 4, 4, requires_grad=True), torch.randn(2, TD, requires_grad=True)
    out = block(x, emb)
    if not expect_shape(out, (2, OUT, 4, 4), ("ScaleShiftResBlock output", "ScaleShiftResBlock の出力")):
        return
    (out * torch.randn_like(out)).sum().backward()
    for name in ("norm1.weight", "conv1.weight", "time_proj.weight", "time_proj.bias", "norm2.weight",
                 "conv2.weight", "skip.weight"):
        expect_grad(block.get_parameter(name), (f"ScaleShiftResBlock.{name}", f"ScaleShiftResBlock の {name}"))
    expect_grad(emb, ("the time embedding emb", "時刻の埋め込み emb"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.ScaleShiftResBlock, 12, 16, TD, 8,
                  what=("ScaleShiftResBlock(in_channels=12, groups=8) (12 is not divisible by 8)",
                        "ScaleShiftResBlock(in_channels=12, groups=8)（12 は 8 で割り切れない）"))
    block = kata.ScaleShiftResBlock(IN, OUT, TD, groups=G)
    expect_raises(ValueError, block, torch.randn(2, IN + 4, 4, 4), torch.randn(2, TD),
                  what=(f"x with {IN + 4} channels instead of {IN}", f"チャネル数が {IN} ではなく {IN + 4} の x"))
    expect_raises(ValueError, block, torch.randn(2, IN, 4, 4), torch.randn(2, TD + 1),
                  what=(f"emb [2, {TD + 1}] instead of [2, {TD}]", f"[2, {TD}] ではなく [2, {TD + 1}] の emb"))
