"""Kata: the timesteps a DDIM sampler visits.

A DDPM was trained with T noise levels (say T = 1000) and its sampler walks through all of them,
one model call each. DDIM (Song et al., 2021) can skip: it visits only n_steps of the trained
timesteps, spread evenly from the noisiest one (T−1) down to the cleanest one (0), and jumps
from one to the next. Fifty steps instead of a thousand make sampling twenty times faster.

    ts = round(linspace(0, T−1, n_steps)),  then reversed (descending)
    T = 1000, n_steps = 10  ->  [999, 888, 777, 666, 555, 444, 333, 222, 111, 0]
    n_steps = 1  ->  [T−1]   (one jump from pure noise straight to the clean image)

The first timestep is always T−1 (the sampler starts from pure noise) and the last is 0;
the list is strictly decreasing, so no model call is spent twice on the same timestep.
Round with torch.round (round half to even, like numpy) after a float64 linspace.
Shapes: ints T, n_steps -> LongTensor [n_steps].
Bad input: T < 1, n_steps < 1, or n_steps > T (there are only T distinct timesteps) -> ValueError.

【日本語】
カタ: DDIM サンプラーが訪れるタイムステップ。

DDPM は T 段階（たとえば T = 1000）のノイズの強さで学習され、そのサンプラーは全段階を 1 つずつ、
毎回モデルを呼んで進みます。DDIM（Song ら, 2021）は飛ばせます。学習したタイムステップのうち n_steps 個だけを、
いちばんノイズの強い T−1 からいちばんきれいな 0 まで等間隔に選び、次々に飛び移ります。1000 ステップの
代わりに 50 ステップなら、サンプリングは 20 倍速くなります。

    ts = round(linspace(0, T−1, n_steps))、それを逆順（降順）に
    T = 1000, n_steps = 10  ->  [999, 888, 777, 666, 555, 444, 333, 222, 111, 0]
    n_steps = 1  ->  [T−1]   （純粋なノイズからきれいな画像へ一気に飛びます）

最初のタイムステップは必ず T−1（サンプラーは純粋なノイズから始まります）、最後は 0 です。列は狭義単調減少
なので、同じタイムステップでモデルを 2 回呼ぶことはありません。float64 の linspace のあと torch.round
（numpy と同じく、ちょうど半分は偶数へ丸めます）で丸めます。
形状: 整数 T, n_steps -> LongTensor [n_steps]。
不正な入力: T < 1、n_steps < 1、n_steps > T（異なるタイムステップは T 個しかありません）は ValueError です。
"""
import torch


def ddim_timesteps(T: int, n_steps: int) -> torch.Tensor:
    """The n_steps timesteps a DDIM sampler visits: LongTensor [n_steps], from T−1 down to 0."""
    # TODO: ValueError for T < 1, n_steps < 1 or n_steps > T; [T − 1] when n_steps == 1;
    #       otherwise round a float64 linspace(0, T − 1, n_steps), make it long, and reverse it.
    raise NotImplementedError("ddim_timesteps: n_steps evenly spread timesteps, from T−1 down to 0"
                              " ‖ ddim_timesteps: T−1 から 0 まで等間隔に n_steps 個のタイムステップを選びましょう")
