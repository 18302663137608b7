"""PyTorch anchor for `npm run bench` (encoder): the same Adam step as src/bench/encoder-step.ts.

Reference encoder: input [64, 9, 64, 64] (NCHW), conv 3x3x32 stride 2, three conv 3x3x32
stride 1 ('valid'), ReLU after each conv (with biases), flatten, dense 50, mean-square loss
against a fixed random target, Adam(1e-3). Timed per step with wall and process CPU time.

Usage: python3 encoder_step.py --threads N --reps R [--warmup W]
Prints one JSON line: msMedian, cpuMsMedian, msAll, threads, torch version, lossFirst/lossLast.
The bench never installs torch; Debian's `python3-torch` is what it was written against.
"""
import argparse
import json
import re
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Encoder(nn.Module):
    def __init__(self, channels=9, filters=32, size=64, latent=50):
        super().__init__()
        self.convs = nn.ModuleList(
            [nn.Conv2d(channels, filters, 3, stride=2)] + [nn.Conv2d(filters, filters, 3, stride=1) for _ in range(3)]
        )
        out = (size - 3) // 2 + 1 - 6
        self.fc = nn.Linear(out * out * filters, latent)

    def forward(self, x):
        for conv in self.convs:
            x = F.relu(conv(x))
        return self.fc(x.flatten(1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--reps", type=int, default=15)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--size", type=int, default=64)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    enc = Encoder(size=a.size)
    opt = torch.optim.Adam(enc.parameters(), lr=1e-3)
    obs = torch.randn(a.batch, 9, a.size, a.size).clamp(-2, 2)
    target = torch.randn(a.batch, 50)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(enc(obs), target)
        loss.backward()
        opt.step()
        return loss.item()

    first = None
    for _ in range(a.warmup):
        v = step()
        first = v if first is None else first
    ms, cpu_ms = [], []
    last = None
    for _ in range(a.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        last = step()
        ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((time.process_time() - c0) * 1000)
        first = last if first is None else first
    print(json.dumps({
        "msMedian": statistics.median(ms), "cpuMsMedian": statistics.median(cpu_ms), "msAll": ms,
        "threads": torch.get_num_threads(), "torch": torch.__version__, "lossFirst": first, "lossLast": last,
        "cpuCapability": cpu_capability(),
    }))


def cpu_capability():
    """The SIMD level PyTorch's kernels use here (e.g. AVX2, AVX512): it explains much of the ratio."""
    m = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    return m.group(1) if m else "unknown"


if __name__ == "__main__":
    main()
