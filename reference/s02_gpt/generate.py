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

`top_k=None` keeps every token, and so does a `top_k` of vocab_size or more (clamp it:
min(top_k, V)), so a caller need not know the vocabulary size. Ties at the k-th value may all stay.
Run it under torch.no_grad() (no training here). Draw every random number from the `generator` you
are given (torch.multinomial(..., generator=generator)), so a seeded generator gives the same text
every time. Any way of drawing from this distribution is fine (e.g. multinomial over the top-k
probabilities, then map back with gather).
Shapes: `idx` [B, T0] long (the prompt; T0 may exceed block_size) -> [B, T0 + max_new_tokens]
long, starting with the prompt unchanged. `model(idx)` returns (logits [B, T, V], loss);
`model.config.block_size` is its context length.
Bad input: temperature <= 0 -> ValueError (a greedy choice is top_k=1).

【日本語】
カタ: テキストを 1 トークンずつ生成する。

GPT が予測するのは、いつも次のトークンだけです。文章を書かせるには、これまでのテキストを入力し、最後の位置の
ロジットを取り出して確率に変え、トークンを 1 つ引いて末尾に追加し、これを繰り返します。つまみは 3 つです。
コンテキストは最後の `block_size` 個のトークンに切り詰めます（モデルにはそれより先の位置がありません）。
`temperature`（温度）でロジットを割ります（< 1 なら鋭く大胆な選択、> 1 なら平らで奔放な選択）。`top_k` は
最も確率の高い k 個のトークンだけを残します（残りの確率は 0。top-k サンプリング）。

    max_new_tokens 回くり返す:
        ctx    = idx[:, -block_size:]                            直近のトークンだけ
        logits = model(ctx)[0][:, -1, :] / temperature           [B, V]、最後の位置
        top_k があれば: logits[logits < (各行で k 番目に大きい値)] = -inf
        probs  = softmax(logits, dim=-1)
        next   = torch.multinomial(probs, 1, generator=generator)   [B, 1]
        idx    = cat([idx, next], dim=1)

`top_k=None` ならすべてのトークンを残します。vocab_size 以上の `top_k` でも同じです（min(top_k, V) に
切り詰めます）。こうすれば呼び出す側は語彙のサイズを知らなくても済みます。k 番目の値と同点のトークンは
すべて残してかまいません。
torch.no_grad() の中で実行します（ここでは学習しません）。乱数はすべて渡された `generator` から引きます
（torch.multinomial(..., generator=generator)）。そうすれば、シードを固定した generator からは毎回同じ
テキストが得られます。この分布から引く方法であれば何でもかまいません（例えば top-k の確率の中で
multinomial を引き、gather で元のトークン ID に戻す方法）。
形状: `idx` [B, T0] long（プロンプト。T0 は block_size を超えてもかまいません）-> [B, T0 + max_new_tokens]
long。先頭はプロンプトそのままです。`model(idx)` は (logits [B, T, V], loss) を返し、
`model.config.block_size` がそのコンテキスト長です。
不正な入力: temperature <= 0 -> ValueError（貪欲な選択がしたければ top_k=1 を使います）。
"""
import torch
import torch.nn.functional as F
from torch import Tensor, nn


def generate(model: nn.Module, idx: Tensor, max_new_tokens: int, temperature: float = 1.0,
             top_k: int | None = None, generator: torch.Generator | None = None) -> Tensor:
    """Extend each prompt in idx by max_new_tokens sampled tokens."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature} (for greedy use top_k=1)")
    block_size = model.config.block_size
    with torch.no_grad():
        for _ in range(max_new_tokens):
            # The model has position embeddings for block_size tokens only: keep the latest ones.
            ctx = idx[:, -block_size:]
            logits, _ = model(ctx)
            # Only the last position predicts the next token; temperature rescales its logits.
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                # v[:, [-1]] is the k-th largest per row (kept 2-D so it broadcasts).
                logits = logits.masked_fill(logits < v[:, [-1]], float("-inf"))
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1, generator=generator)  # [B, 1]
            idx = torch.cat((idx, idx_next), dim=1)
    return idx
