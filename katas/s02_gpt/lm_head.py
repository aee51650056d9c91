"""Kata: the language-model head (final LayerNorm, then logits).

After the last block each position holds a C-dim vector. The head turns it into one score (logit)
per vocabulary token: the higher, the more likely that token comes next. Because the blocks only
ever ADD to the residual stream, its scale drifts with depth, so GPT-2 normalises it one last time
(`ln_f`) before the projection. The projection has no bias: a bias would only learn unigram
frequencies, and leaving it out lets this matrix be tied to the token embedding (same shape [V, C]).

    logits = ln_f(x) @ Wᵀ          W = lm_head.weight [V, C], no bias

Parts: `.ln_f` LayerNorm(n_embd, bias=bias) (your earlier kata), `.lm_head`
nn.Linear(n_embd, vocab_size, bias=False).
Shapes: x [B, T, C] -> logits [B, T, V] (raw scores, not probabilities: no softmax here).
Bad input: none to check; a last dim that is not n_embd fails in ln_f.
"""
import torch
import torch.nn as nn

from .layer_norm import LayerNorm


class LMHead(nn.Module):
    """Final LayerNorm and the bias-free projection to vocabulary logits."""

    def __init__(self, n_embd: int, vocab_size: int, bias: bool = True):
        super().__init__()
        # TODO: create ln_f and lm_head (see the docstring; lm_head never has a bias).
        raise NotImplementedError("LMHead.__init__: create ln_f and lm_head")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, C] -> logits [B, T, V]."""
        # TODO: normalise with ln_f, then project with lm_head.
        raise NotImplementedError("LMHead.forward: ln_f, then lm_head")
