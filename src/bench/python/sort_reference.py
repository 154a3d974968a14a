"""PyTorch reference loop for `sortlens bench`: the same model, data and optimiser as sortlens' training step.

A 1-layer attention-only transformer (TransformerLens' equations, no LayerNorm, no MLP), Adam, a fresh batch of
sorting sequences every step, cross-entropy on the sorted half only; one compute thread, as sortlens runs ND4J.
`sortlens bench` runs this when a python3 with torch exists, to print the ratio measured side by side; the build
never needs it. Prints one JSON line.

    python3 sort_reference.py --warmup 2000 --timed 3000     # per-step times after warm-up
    python3 sort_reference.py --steps 5001                   # one training run, wall time of the loop
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch


class SortingModel(torch.nn.Module):
    def __init__(self, d_model, d_head, n_heads, n_ctx, d_vocab):
        super().__init__()
        def normal(*shape):
            return torch.nn.Parameter(torch.randn(*shape) * 0.02)

        def zeros(*shape):
            return torch.nn.Parameter(torch.zeros(*shape))

        self.W_E = normal(d_vocab, d_model)                 # [d_vocab, d_model]
        self.W_pos = normal(n_ctx, d_model)                 # [n_ctx, d_model]
        self.W_Q = normal(n_heads, d_model, d_head)         # [n_heads, d_model, d_head]
        self.W_K = normal(n_heads, d_model, d_head)
        self.W_V = normal(n_heads, d_model, d_head)
        self.b_Q = zeros(n_heads, d_head)
        self.b_K = zeros(n_heads, d_head)
        self.b_V = zeros(n_heads, d_head)
        self.W_O = normal(n_heads, d_head, d_model)         # [n_heads, d_head, d_model]
        self.b_O = zeros(d_model)
        self.W_U = normal(d_model, d_vocab)                 # [d_model, d_vocab]
        self.b_U = zeros(d_vocab)
        self.scale = 1.0 / math.sqrt(d_head)
        self.register_buffer("future", torch.triu(torch.ones(n_ctx, n_ctx, dtype=torch.bool), diagonal=1))

    def forward(self, tokens):                              # tokens [batch, pos]
        resid = self.W_E[tokens] + self.W_pos               # [b, p, d_model]
        q = torch.einsum("bpd,hde->bhpe", resid, self.W_Q) + self.b_Q[None, :, None, :]   # [b, h, p, d_head]
        k = torch.einsum("bpd,hde->bhpe", resid, self.W_K) + self.b_K[None, :, None, :]
        v = torch.einsum("bpd,hde->bhpe", resid, self.W_V) + self.b_V[None, :, None, :]
        scores = (q @ k.transpose(-1, -2)) * self.scale     # [b, h, q_pos, k_pos]
        scores = scores.masked_fill(self.future, -1e5)
        pattern = scores.softmax(dim=-1)
        z = pattern @ v                                     # [b, h, p, d_head]
        attn_out = torch.einsum("bhpe,hed->bpd", z, self.W_O) + self.b_O   # [b, p, d_model]
        return (resid + attn_out) @ self.W_U + self.b_U     # [b, p, d_vocab]


def batch(generator, size, n, values, start, stop):
    unsorted = torch.randint(0, values, (size, n), generator=generator)
    sorted_, _ = unsorted.sort(dim=1)
    column = torch.full((size, 1), start)
    return torch.cat([column, unsorted, column.fill_(stop) * 0 + stop, sorted_], dim=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--d-model", type=int, default=32)
    parser.add_argument("--d-head", type=int, default=32)
    parser.add_argument("--n-heads", type=int, default=1)
    parser.add_argument("--n-ctx", type=int, default=42)
    parser.add_argument("--d-vocab", type=int, default=32)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--timed", type=int, default=3000)
    parser.add_argument("--steps", type=int, default=0, help="if set: one run of this many steps, wall time only")
    a = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    generator = torch.Generator().manual_seed(a.seed)
    n = (a.n_ctx - 2) // 2
    model = SortingModel(a.d_model, a.d_head, a.n_heads, a.n_ctx, a.d_vocab)
    adam = torch.optim.Adam(model.parameters(), lr=a.lr)

    def step():
        tokens = batch(generator, a.batch, n, a.d_vocab - 2, a.d_vocab - 2, a.d_vocab - 1)
        logits = model(tokens)[:, n + 1:2 * n + 1]          # predictions of the sorted half
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, a.d_vocab), tokens[:, n + 2:].reshape(-1))
        adam.zero_grad(set_to_none=True)
        loss.backward()
        adam.step()
        return loss

    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": a.batch, "nCtx": a.n_ctx}
    if a.steps > 0:
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        for _ in range(a.steps):
            loss = step()
        result.update(steps=a.steps, wallSeconds=time.perf_counter() - t0, cpuSeconds=time.process_time() - cpu0,
                      lastLoss=float(loss))
    else:
        for _ in range(a.warmup):
            step()
        ms = []
        cpu0 = time.process_time()
        for _ in range(a.timed):
            t0 = time.perf_counter()
            step()
            ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms = (time.process_time() - cpu0) * 1000 / a.timed
        ms.sort()
        result.update(warmupSteps=a.warmup, timedSteps=a.timed, msMedian=statistics.median(ms),
                      msP90=ms[min(len(ms) - 1, round(len(ms) * 0.9))], cpuMsPerStep=cpu_ms)
    result["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
