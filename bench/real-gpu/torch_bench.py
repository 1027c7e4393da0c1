#!/usr/bin/env python3
"""PyTorch side of the real-GPU benchmark (issue 10 item 5): the same work as bench/real-gpu/run.ts, on CUDA.

Run by bench/real-gpu/run.sh (the one prepared command); by hand: `python3 bench/real-gpu/torch_bench.py [--quick]
[--out FILE]`. Prints one JSON document (and writes it to --out).

- nn.LSTM / nn.GRU (one layer unless stated, time-major x [T, N, I], fp32), cuDNN as PyTorch picks it:
  training step = forward + MSE on the output sequence + backward + Adam(lr 1e-3) step, ended by loss.item()
  (the one host read-back, as seqgpu's `await loss.item()`); inference = forward under no_grad, output copied to
  the host (as seqgpu's `await out.data()`).
- streaming: one timestep of a one-layer nn.LSTM (x [1, N, I], the state carried from the previous step) under
  no_grad, ended by torch.cuda.synchronize() (nothing read back), as seqgpu's `stream().step(x)` + `device.sync()`.
- matmul FP32 with TF32 off (torch.backends.cuda.matmul.allow_tf32 = False, cudnn.allow_tf32 = False):
  CUDA-event time of one product, inputs resident, nothing read back.
Shapes: the ones issue 10 lists; --quick uses tiny ones (and runs on the CPU when CUDA is absent: a smoke test).
"""
import argparse
import json
import statistics
import sys
import time

import torch

RNN_SHAPES = [
    dict(N=8, T=20, I=8, H=32, layers=1),
    dict(N=16, T=50, I=8, H=64, layers=1),
    dict(N=64, T=100, I=64, H=256, layers=1),
    dict(N=64, T=100, I=64, H=1024, layers=3),
]
QUICK_RNN_SHAPES = [dict(N=2, T=4, I=3, H=8, layers=1), dict(N=2, T=4, I=8, H=8, layers=3)]
MATMUL_SIZES = [1024, 2048, 4096]
STREAM_CONFIGS = [dict(N=1, I=64, H=256), dict(N=1, I=64, H=1024), dict(N=8, I=64, H=1024)]
QUICK_STREAM_CONFIGS = [dict(N=1, I=3, H=8)]
QUICK_MATMUL_SIZES = [64]


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()


def median_ms(fn, dev, iters, warmup):
    for _ in range(warmup):
        fn()
    sync(dev)
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()  # each fn ends with a host read-back (item / cpu copy): wall time of the whole call
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times), max(times)


def rnn_rows(dev, shapes, quick):
    rows = []
    for cell in ("LSTM", "GRU"):
        for s in shapes:
            torch.manual_seed(7)
            cls = torch.nn.LSTM if cell == "LSTM" else torch.nn.GRU
            m = cls(s["I"], s["H"], num_layers=s["layers"]).to(dev)
            opt = torch.optim.Adam(m.parameters(), lr=1e-3)
            x = torch.randn(s["T"], s["N"], s["I"], device=dev)
            y = torch.randn(s["T"], s["N"], s["H"], device=dev)

            def train():
                opt.zero_grad(set_to_none=True)
                out, _ = m(x)
                loss = torch.nn.functional.mse_loss(out, y)
                loss.backward()
                opt.step()
                return loss.item()

            def infer():
                with torch.no_grad():
                    out, _ = m(x)
                    return out.cpu()

            big = s["H"] >= 1024
            iters = 3 if quick else (10 if big else 30)
            warm = 1 if quick else 5
            tr = median_ms(train, dev, iters, warm)
            inf = median_ms(infer, dev, iters, warm)
            rows.append(
                dict(cell=cell, shape=f"N {s['N']}, T {s['T']}, I {s['I']}, H {s['H']}" + (f", {s['layers']} layers" if s["layers"] > 1 else ""),
                     trainMs=round(tr[0], 4), trainMinMs=round(tr[1], 4), trainMaxMs=round(tr[2], 4),
                     inferMs=round(inf[0], 4), inferMinMs=round(inf[1], 4), inferMaxMs=round(inf[2], 4),
                     cudnn=bool(dev.type == "cuda" and torch.backends.cudnn.enabled))
            )
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            del m, opt, x, y
    return rows


def stream_rows(dev, configs, quick):
    rows = []
    for c in configs:
        torch.manual_seed(5)
        m = torch.nn.LSTM(c["I"], c["H"]).to(dev)
        x = torch.randn(1, c["N"], c["I"], device=dev)
        state = [None]

        def step():
            with torch.no_grad():
                _, state[0] = m(x, state[0])
            sync(dev)

        med, lo, hi = median_ms(step, dev, 5 if quick else 200, 2 if quick else 20)
        rows.append(dict(config=f"LSTM N {c['N']}, I {c['I']}, H {c['H']}", stepMs=round(med, 4), stepMinMs=round(lo, 4), stepMaxMs=round(hi, 4)))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def matmul_rows(dev, sizes, quick):
    rows = []
    for n in sizes:
        torch.manual_seed(1)
        a = torch.randn(n, n, device=dev)
        b = torch.randn(n, n, device=dev)
        iters = 3 if quick else 20
        for _ in range(3):
            torch.mm(a, b)
        sync(dev)
        times = []
        if dev.type == "cuda":
            for _ in range(iters):
                e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                e0.record()
                torch.mm(a, b)
                e1.record()
                e1.synchronize()
                times.append(e0.elapsed_time(e1))
        else:
            for _ in range(iters):
                t0 = time.perf_counter()
                torch.mm(a, b)
                times.append((time.perf_counter() - t0) * 1e3)
        ms = statistics.median(times)
        rows.append(dict(shape=f"[{n},{n}]x[{n},{n}]", ms=round(ms, 4), gflops=round(2 * n**3 / (ms * 1e6), 1), tf32=False))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="tiny shapes; CPU allowed (smoke test)")
    ap.add_argument("--out", help="write the JSON here too")
    args = ap.parse_args()
    cuda = torch.cuda.is_available()
    if not cuda and not args.quick:
        sys.exit("torch_bench: no CUDA device (use --quick for a CPU smoke test)")
    dev = torch.device("cuda" if cuda else "cpu")
    # FP32 as FP32: no TF32 in matmul or cuDNN (the rule; seqgpu computes in f32).
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    result = dict(
        engine="pytorch",
        torch=torch.__version__,
        cuda=torch.version.cuda,
        cudnn=torch.backends.cudnn.version() if cuda else None,
        device=torch.cuda.get_device_name(0) if cuda else "cpu",
        date=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        quick=args.quick,
        matmul=matmul_rows(dev, QUICK_MATMUL_SIZES if args.quick else MATMUL_SIZES, args.quick),
        rnn=rnn_rows(dev, QUICK_RNN_SHAPES if args.quick else RNN_SHAPES, args.quick),
        stream=stream_rows(dev, QUICK_STREAM_CONFIGS if args.quick else STREAM_CONFIGS, args.quick),
    )
    doc = json.dumps(result, indent=1)
    print(doc)
    if args.out:
        with open(args.out, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
