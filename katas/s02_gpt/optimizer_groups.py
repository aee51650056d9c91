"""Kata: AdamW with two parameter groups (what gets weight decay).

Weight decay pulls weights toward 0 at every step (AdamW: p <- p - lr·wd·p, apart from the Adam
update). That is a good regulariser for the big matrices (Linear weights, embedding tables) but not
for biases or LayerNorm gains: shrinking a LayerNorm weight toward 0 just silences a feature. The
rule (nanoGPT's) is by shape: every parameter with dim >= 2 decays; vectors (and scalars) do not.

    group 1 (decay):     every parameter p with p.dim() >= 2      weight_decay = weight_decay
    group 2 (no decay):  every parameter p with p.dim() <  2      weight_decay = 0.0
    AdamW over the two groups with lr=learning_rate, betas=betas; fused=True only on "cuda"

Every trainable parameter must land in exactly one group: a tied weight (the same Parameter reached
by two names) counts once — `model.parameters()` / `named_parameters()` already skip duplicates.
Shapes: any nn.Module in; a torch.optim.AdamW with exactly two param groups out.
Bad input: a negative weight_decay or learning_rate -> ValueError.
"""
import torch
from torch import nn


def configure_optimizer(model: nn.Module, weight_decay: float, learning_rate: float,
                        betas: tuple[float, float] = (0.9, 0.99),
                        device_type: str = "cpu") -> torch.optim.AdamW:
    """AdamW where only the >= 2-D parameters are decayed."""
    # TODO: ValueError for negative values; split model.parameters() by p.dim(); build the two
    #       groups (weight_decay on the first, 0.0 on the second); return AdamW(groups, lr=...,
    #       betas=..., fused=True only when device_type == "cuda").
    raise NotImplementedError("configure_optimizer: two groups, decay only the >= 2-D parameters")
