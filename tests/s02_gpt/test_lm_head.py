"""Specs for katas/s02_gpt/lm_head.py."""
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_shape

C, V = 8, 13


def _mistakes(head, x):
    ln = F.layer_norm(x, (C,), head.ln_f.weight, head.ln_f.bias, eps=1e-5)
    logits = F.linear(ln, head.lm_head.weight)
    return [
        (("ln_f is missing: normalise the stream before the projection: lm_head(ln_f(x))",
          "ln_f がありません。射影の前にストリームを正規化します: lm_head(ln_f(x))"),
         F.linear(x, head.lm_head.weight)),
        (("you returned probabilities (softmax); return the raw logits, the loss and the sampler "
          "apply their own softmax",
          "確率（softmax）を返しています。生のロジットを返しましょう。損失やサンプラーが自分で softmax を"
          "かけます"),
         torch.softmax(logits, -1)),
        (("you returned log-probabilities (log_softmax); return the raw logits",
          "対数確率（log_softmax）を返しています。生のロジットを返しましょう"),
         torch.log_softmax(logits, -1)),
    ]


def test_parts(kata):
    head = kata.LMHead(C, V)
    expect(isinstance(getattr(head, "ln_f", None), kata.LayerNorm),
           ("head.ln_f should be your LayerNorm(n_embd)", "head.ln_f はあなたの LayerNorm(n_embd) のはずです"))
    lin = getattr(head, "lm_head", None)
    if expect(isinstance(lin, nn.Linear), ("head.lm_head should be an nn.Linear",
                                           "head.lm_head は nn.Linear のはずです")):
        got = tuple(int(s) for s in lin.weight.shape)
        expect(got == (V, C), (f"head.lm_head.weight should be [vocab_size, n_embd] = {(V, C)}, got {got}",
                               f"head.lm_head.weight は [vocab_size, n_embd] = {(V, C)} のはずですが、"
                               f"{got} でした"))
        expect(lin.bias is None, ("head.lm_head must have no bias (bias=False), so it can be tied to the "
                                  "token embedding",
                                  "head.lm_head にバイアスがあってはいけません（bias=False）。そうすれば"
                                  "トークン埋め込みと重みを共有できます"))
    nobias = kata.LMHead(C, V, bias=False)
    expect(getattr(nobias, "ln_f", None) is not None and nobias.ln_f.bias is None,
           ("bias=False should give ln_f no bias", "bias=False のとき ln_f にバイアスはないはずです"))
    expect(getattr(nobias, "lm_head", None) is not None and nobias.lm_head.bias is None,
           ("head.lm_head has no bias whatever `bias` says",
            "`bias` の値にかかわらず head.lm_head にバイアスはありません"))


def test_layer_norm_then_linear(kata):
    head = kata.LMHead(C, V)
    with torch.no_grad():  # non-trivial LayerNorm parameters, so a skipped ln_f shows
        head.ln_f.weight.copy_(1 + 0.5 * torch.randn(C))
        head.ln_f.bias.copy_(0.5 * torch.randn(C))
    x = 4 * torch.randn(2, 5, C) + 2
    with torch.no_grad():
        logits = head(x)
        want = F.linear(F.layer_norm(x, (C,), head.ln_f.weight, head.ln_f.bias, eps=1e-5),
                        head.lm_head.weight)
        what = ("LMHead vs F.linear(F.layer_norm(x), W) (ln_f first, then lm_head; raw logits)",
                "LMHead と F.linear(F.layer_norm(x), W) の比較（先に ln_f、次に lm_head。生のロジット）")
        if expect_shape(logits, (2, 5, V), what) and not expect_close(logits, want, atol=1e-5, what=what):
            for message, value in _mistakes(head, x):
                if torch.allclose(logits, value, atol=1e-5):
                    expect(False, message)
                    break


def test_scale_of_the_input_does_not_matter(kata):
    # ln_f removes the residual stream's drifting scale: 10·x + 3 gives the same logits as x.
    head = kata.LMHead(C, V)
    x = torch.randn(1, 4, C)
    with torch.no_grad():
        expect_close(head(10 * x + 3), head(x), atol=1e-4,
                     what=("LMHead(10·x + 3) vs LMHead(x) (the final LayerNorm should normalise first)",
                           "LMHead(10·x + 3) と LMHead(x) の比較（最後の層正規化で先に正規化するはずです）"))


def test_gradients_reach_both_parts(kata):
    head = kata.LMHead(C, V)
    head(torch.randn(2, 3, C)).pow(2).sum().backward()
    expect_grad(head.ln_f.weight, ("LMHead.ln_f.weight", "パラメータ LMHead.ln_f.weight"))
    expect_grad(head.lm_head.weight, ("LMHead.lm_head.weight", "パラメータ LMHead.lm_head.weight"))
