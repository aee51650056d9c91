"""Kata: the class token.

To classify the whole image, the ViT (like BERT's [CLS]) puts one extra, learned vector in front
of the patch sequence. It belongs to no patch; through attention it gathers what it needs from
all of them, and at the end the classifier reads the class token alone. The same vector starts
every image's sequence, so it is one parameter expanded over the batch (a view, not B copies):
its gradient is the sum of the gradients from every image.

    out[b] = concat( cls, x[b, 0], x[b, 1], …, x[b, N-1] )      the class token is FIRST

Parts: `.cls` = nn.Parameter [1, 1, dim], drawn from N(0, 0.02²) (torch.randn · 0.02).
Shapes: x [B, N, dim] -> [B, N+1, dim]; out[:, 0] is the class token, out[:, 1:] is x.
Bad input: x that is not 3-D with last dimension dim -> ValueError.

【日本語】
カタ: クラストークン。

画像全体を分類するために、ViT は（BERT の [CLS] と同じく）パッチ系列の先頭に学習可能なベクトルを 1 本
追加します。このベクトルはどのパッチにも属さず、注意機構を通してすべてのパッチから必要な情報を集めます。
最後に分類器はこのクラストークンだけを読みます。すべての画像の系列が同じベクトルで始まるので、これは
1 つのパラメータをバッチ方向に expand したもの（B 個のコピーではなくビュー）です。その勾配は
各画像からの勾配の和になります。

    out[b] = concat( cls, x[b, 0], x[b, 1], …, x[b, N-1] )      クラストークンは「先頭」です

部品: `.cls` = nn.Parameter [1, 1, dim]。N(0, 0.02²) から引きます（torch.randn · 0.02）。
形状: x [B, N, dim] -> [B, N+1, dim]。out[:, 0] がクラストークン、out[:, 1:] が x です。
不正な入力: 3 次元でない x、最後の次元が dim でない x は ValueError を送出します。
"""
import torch
import torch.nn as nn


class ClassToken(nn.Module):
    """Prepends one learned token: x [B, N, dim] -> [B, N+1, dim]."""

    def __init__(self, dim: int):
        super().__init__()
        # TODO: remember dim; create self.cls, an nn.Parameter [1, 1, dim] drawn from N(0, 0.02²).
        raise NotImplementedError("ClassToken.__init__: create the parameter .cls"
                                  " ‖ ClassToken.__init__: パラメータ .cls を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, N, dim] -> [B, N+1, dim], the class token at position 0."""
        # TODO: check x (ValueError), expand .cls over the batch and put it in front of x.
        raise NotImplementedError("ClassToken.forward: put the class token in front of x"
                                  " ‖ ClassToken.forward: x の先頭にクラストークンを置きましょう")
