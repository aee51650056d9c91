"""Specs for katas/s03_vit/vit.py."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_grad, expect_raises, expect_shape, fmt


def tiny(kata, **kw):
    """8×8 images, 4×4 patches: N = 4 patches + the class token = 5 tokens."""
    cfg = dict(image_size=8, patch_size=4, in_channels=1, dim=16, depth=2, n_head=2, n_classes=3)
    cfg.update(kw)
    return kata.ViTConfig(**cfg)


def _forward(model, images, targets=None):
    res = model(images, targets)
    if not expect(isinstance(res, tuple) and len(res) == 2,
                  (f"ViT.forward should return a pair (logits, loss), got {type(res).__name__}",
                   f"ViT.forward はペア (logits, loss) を返すはずですが、{type(res).__name__} でした")):
        return None, None
    return res


def test_config_and_parts(kata):
    c = kata.ViTConfig()
    got = (c.image_size, c.patch_size, c.in_channels, c.dim, c.depth, c.n_head, c.n_classes, c.dropout)
    expect(got == (28, 4, 1, 64, 4, 4, 10, 0.0),
           (f"ViTConfig() defaults should be (28, 4, 1, 64, 4, 4, 10, 0.0), got {got}",
            f"ViTConfig() の既定値は (28, 4, 1, 64, 4, 4, 10, 0.0) のはずですが、{got} でした"))
    model = kata.ViT(c)
    expect(getattr(model, "config", None) is c, ("ViT.config should be the config it was given",
                                                 "ViT.config は渡された config のはずです"))
    for name, cls in (("patch_embed", kata.PatchEmbedding), ("cls_token", kata.ClassToken),
                      ("pos_embed", kata.LearnedPositionEmbedding), ("drop", nn.Dropout),
                      ("head", kata.ClassifierHead)):
        expect(isinstance(getattr(model, name, None), cls),
               (f"ViT.{name} should be a {cls.__name__}", f"ViT.{name} は {cls.__name__} のはずです"))
    blocks = getattr(model, "blocks", None)
    if expect(isinstance(blocks, nn.ModuleList), (".blocks should be an nn.ModuleList of EncoderBlock",
                                                  ".blocks は EncoderBlock の nn.ModuleList のはずです")):
        expect(len(blocks) == 4 and all(isinstance(b, kata.EncoderBlock) for b in blocks)
               and len({id(b) for b in blocks}) == 4,
               (f"depth=4 should give 4 separate EncoderBlocks, got {len(blocks)} "
                f"({len({id(b) for b in blocks})} distinct)",
                f"depth=4 なら別々の EncoderBlock が 4 個のはずですが、{len(blocks)} 個"
                f"（異なるものは {len({id(b) for b in blocks})} 個）でした"))
    pos = getattr(getattr(model, "pos_embed", None), "pos", None)
    if pos is not None:
        expect_shape(pos, (1, 50, 64), ("pos_embed.pos for 28×28 images and 4×4 patches: N + 1 = 49 + 1 positions "
                                        "(the class token has one too)",
                                        "28×28 の画像と 4×4 のパッチの pos_embed.pos: 位置は N + 1 = 49 + 1 個"
                                        "（クラストークンにも位置があります）"))
    logits, loss = _forward(model, torch.randn(2, 1, 28, 28))
    if logits is not None:
        expect_shape(logits, (2, 10), ("ViT(ViTConfig()) on MNIST-sized images [2, 1, 28, 28]: logits",
                                       "MNIST サイズの画像 [2, 1, 28, 28] に ViT(ViTConfig()): ロジット"))


def test_loss_only_with_targets(kata):
    model = kata.ViT(tiny(kata))
    images, targets = torch.randn(4, 1, 8, 8), torch.tensor([0, 2, 1, 2])
    try:
        logits, loss = _forward(model, images)
    except TypeError as e:
        expect(False, (f"model(images) without targets raised TypeError ({e}): compute the loss only when "
                       f"targets is not None, else return None",
                       f"targets なしの model(images) で TypeError（{e}）が送出されました。loss は targets が None で"
                       f"ないときだけ計算し、それ以外は None を返しましょう"))
        return
    if logits is None or not expect_shape(logits, (4, 3), ("logits [B, n_classes]", "ロジット [B, n_classes]")):
        return
    expect(loss is None, (f"without targets the loss should be None, got {type(loss).__name__}",
                          f"targets がなければ loss は None のはずですが、{type(loss).__name__} でした"))
    logits, loss = _forward(model, images, targets)
    if logits is None or not expect(isinstance(loss, torch.Tensor) and loss.dim() == 0,
                                    ("with targets the loss should be a scalar tensor",
                                     "targets があれば loss はスカラーのテンソルのはずです")):
        return
    expect_close(loss, F.cross_entropy(logits.detach(), targets), atol=1e-6,
                 what=("loss vs F.cross_entropy(logits, targets) (the mean over the batch)",
                       "loss と F.cross_entropy(logits, targets)（バッチの平均）の比較"))
    # An untrained classifier guesses near uniformly: loss ≈ ln(3) ≈ 1.1 (LayerNorm keeps logits small).
    value = float(loss.detach())
    expect(0.3 < value < 3.0, (f"the untrained model's loss should be near ln(3) ≈ 1.1, got {fmt(value)}",
                               f"学習前のモデルの loss は ln(3) ≈ 1.1 に近いはずですが、{fmt(value)} でした"))


def test_forward_is_the_parts_in_order(kata):
    model = kata.ViT(tiny(kata))
    with torch.no_grad():
        model.pos_embed.pos.normal_()        # large positions, so where they are added shows
        model.cls_token.cls.normal_()
    images = torch.randn(2, 1, 8, 8)
    logits, _ = _forward(model, images)
    if logits is None or not expect_shape(logits, (2, 3), ("logits [2, 3]", "ロジット [2, 3]")):
        return
    logits = logits.detach()

    def run(x):
        for blk in model.blocks:
            x = blk(x)[0]
        return model.head(x)

    with torch.no_grad():
        p = model.patch_embed(images)
        want = run(model.pos_embed(model.cls_token(p)))
        wrong = [
            (run(model.cls_token(model.pos_embed(p))),
             ("the positions were added BEFORE the class token was put in front: add them after, so "
              "row 0 of pos belongs to the class token",
              "クラストークンを先頭に置く「前に」位置埋め込みを足しています。後で足し、pos の 0 行目が"
              "クラストークンのものになるようにしましょう")),
            (run(model.cls_token(p)),
             ("the position embeddings are missing: x = pos_embed(cls_token(patch_embed(images)))",
              "位置埋め込みが抜けています: x = pos_embed(cls_token(patch_embed(images)))")),
            (model.head(model.pos_embed(model.cls_token(p))),
             ("the encoder blocks are skipped: run x through every block in .blocks",
              "エンコーダブロックが飛ばされています。x を .blocks のすべてのブロックに通しましょう")),
        ]
    for alt, message in wrong:
        if torch.allclose(logits, alt, atol=1e-5):
            expect(False, message)
            return
    expect_close(logits, want, atol=1e-5,
                 what=("logits vs head(blocks(pos_embed(cls_token(patch_embed(images))))) with its own parts",
                       "ロジットと、自分の部品による head(blocks(pos_embed(cls_token(patch_embed(images))))) の比較"))


def test_attention_maps(kata):
    model = kata.ViT(tiny(kata, dropout=0.5))
    expect(getattr(getattr(model, "drop", None), "p", None) == 0.5,
           ("ViT.drop should be nn.Dropout(config.dropout) (0.5 here)",
            "ViT.drop は nn.Dropout(config.dropout)（ここでは 0.5）のはずです"))
    model.train()
    images = torch.randn(3, 1, 8, 8)
    maps = model.attention_maps(images)
    if not expect_shape(maps, (2, 3, 2, 5, 5), ("attention_maps -> [depth, B, n_head, N+1, N+1]",
                                                "attention_maps の出力 [depth, B, n_head, N+1, N+1]")):
        return
    expect(not maps.requires_grad, ("attention_maps should run under torch.no_grad() (no graph is kept)",
                                    "attention_maps は torch.no_grad() の下で実行するはずです（計算グラフを残しません）"))
    expect(model.training, ("after attention_maps the model should be back in train mode, as it was",
                            "attention_maps の後、モデルは元どおり訓練モードに戻っているはずです"))
    model.eval()
    with torch.no_grad():
        x = model.pos_embed(model.cls_token(model.patch_embed(images)))
        want = []
        for blk in model.blocks:
            x, w = blk(x)
            want.append(w)
    expect_close(maps, torch.stack(want), atol=1e-6,
                 what=("attention_maps vs the weights of each block in order, in eval mode (dropout off)",
                       "attention_maps と、eval モード（ドロップアウト無効）での各ブロックの重みを順に並べたものの比較"))
    expect(not model.training and torch.equal(model.attention_maps(images), maps),
           ("attention_maps in eval mode should give the same maps and keep the model in eval mode",
            "eval モードの attention_maps は同じマップを返し、モデルを eval モードのままにするはずです"))


def test_num_params(kata):
    c = tiny(kata)
    model = kata.ViT(c)
    D, K, N = c.dim, c.n_classes, (c.image_size // c.patch_size) ** 2
    block = 2 * 2 * D + (D * 3 * D + 3 * D) + (D * D + D) + (D * 4 * D + 4 * D) + (4 * D * D + D)
    want = (c.in_channels * c.patch_size ** 2 * D + D) + D + (N + 1) * D + c.depth * block + (2 * D + D * K + K)
    got = model.num_params()
    expect(isinstance(got, int) and got == want,
           (f"num_params() for the tiny config should be {want} (patch conv, class token, N+1 positions, "
            f"{c.depth} blocks, head), got {got!r}",
            f"小さな設定の num_params() は {want}（パッチの畳み込み、クラストークン、N+1 個の位置、ブロック "
            f"{c.depth} 個、ヘッド）のはずですが、{got!r} でした"))


def test_gradients_reach_every_part(kata):
    model = kata.ViT(tiny(kata))
    images = torch.randn(4, 1, 8, 8)
    _, loss = _forward(model, images, torch.tensor([0, 1, 2, 0]))
    if loss is None or not expect_finite(loss, ("loss", "損失 loss")):
        return
    loss.backward()
    for name in ("patch_embed.proj.weight", "cls_token.cls", "pos_embed.pos", "blocks.0.attn.qkv.weight",
                 "blocks.1.mlp.c_fc.weight", "head.fc.weight", "head.ln.weight"):
        expect_grad(model.get_parameter(name), (f"ViT.{name}", f"ViT のパラメータ {name}"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.ViT, tiny(kata, image_size=10),
                  what=("ViT with image_size=10, patch_size=4 (not divisible)",
                        "image_size=10, patch_size=4 の ViT（割り切れない）"))
    model = kata.ViT(tiny(kata))
    for shape, en, ja in (((2, 1, 12, 12), "12×12 images for a model of 8×8", "8×8 用のモデルに 12×12 の画像"),
                          ((2, 1, 4, 4), "4×4 images for a model of 8×8", "8×8 用のモデルに 4×4 の画像"),
                          ((2, 3, 8, 8), "3-channel images for in_channels=1", "in_channels=1 に 3 チャネルの画像"),
                          ((1, 8, 8), "a 3-D tensor [1, 8, 8]", "3 次元テンソル [1, 8, 8]")):
        expect_raises(ValueError, model, torch.zeros(shape), what=(f"ViT.forward on {en}", f"ViT.forward の呼び出し（{ja}）"))
    expect_raises(ValueError, model.attention_maps, torch.zeros(2, 1, 12, 12),
                  what=("ViT.attention_maps on 12×12 images", "ViT.attention_maps に 12×12 の画像"))


def test_learns_a_tiny_batch(kata):
    model = kata.ViT(tiny(kata))
    images, targets = torch.randn(8, 1, 8, 8), torch.arange(8) % 3
    losses = []
    for _ in range(30):   # plain gradient descent, lr 0.1 (torch.optim's first step is slow to import)
        _, loss = _forward(model, images, targets)
        if loss is None or not expect_finite(loss, ("loss while training", "訓練中の loss")):
            return
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                if p.grad is not None:
                    p -= 0.1 * p.grad
        losses.append(float(loss.detach()))
    expect(losses[-1] < 0.5 * losses[0],
           (f"30 gradient-descent steps on 8 images should at least halve the loss (it memorises them), got "
            f"{fmt(losses[0])} -> {fmt(losses[-1])} (ln 3 = {fmt(math.log(3))})",
            f"8 枚の画像で勾配降下法を 30 ステップ回せば loss は少なくとも半分になるはずです（画像を覚えられます）が、"
            f"{fmt(losses[0])} -> {fmt(losses[-1])} でした（ln 3 = {fmt(math.log(3))}）"))
