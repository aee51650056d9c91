"""Kata: generate text, one token at a time.

A GPT only ever predicts the next token. To write, feed it the text so far, take the logits at the
last position, turn them into probabilities, draw a token, append it, and repeat. Three knobs:
the context is cropped to the last `block_size` tokens (the model has no positions beyond that);
`temperature` divides the logits (< 1: sharper, bolder choices; > 1: flatter, wilder); `top_k`
keeps only the k most likely tokens (the rest get probability 0).

    repeat max_new_tokens times:
        ctx    = idx[:, -block_size:]                            the most recent tokens only
        logits = model(ctx)[0][:, -1, :] / temperature           [B, V], the last position
        if top_k: logits[logits < (k-th largest of each row)] = -inf
        probs  = softmax(logits, dim=-1)
        next   = torch.multinomial(probs, 1, generator=generator)   [B, 1]
        idx    = cat([idx, next], dim=1)

Run it under torch.no_grad() (no training here). Draw with the `generator` you are given, so a
seeded generator gives the same text every time.
Shapes: `idx` [B, T0] long (the prompt; T0 may exceed block_size) -> [B, T0 + max_new_tokens]
long, starting with the prompt unchanged. `model(idx)` returns (logits [B, T, V], loss);
`model.config.block_size` is its context length.
Bad input: temperature <= 0 -> ValueError (a greedy choice is top_k=1).
"""
import torch
import torch.nn.functional as F
from torch import Tensor, nn


def generate(model: nn.Module, idx: Tensor, max_new_tokens: int, temperature: float = 1.0,
             top_k: int | None = None, generator: torch.Generator | None = None) -> Tensor:
    """Extend each prompt in idx by max_new_tokens sampled tokens."""
    # TODO: ValueError for temperature <= 0; then, under torch.no_grad(), the loop in the
    #       docstring (crop, last-position logits / temperature, top-k, softmax, multinomial, cat).
    raise NotImplementedError("generate: crop, predict, sample, append; repeat")
