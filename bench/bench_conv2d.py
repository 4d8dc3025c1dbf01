"""Time convref.conv2d(method="fast") against torch.nn.functional.conv2d on the CPU.

A benchmark, not a test: run it with ``make bench`` (or
``python bench/bench_conv2d.py [--repeats N]``). For each layer shape and
dtype it prints the median time of both, their ratio (convref / torch, lower
is better), the geometric mean of the ratios, and the peak memory that the
fast path allocates (tracemalloc, which NumPy reports its buffers to)
relative to the size of the layer's full im2col matrix. Results go to
bench/results/conv2d.json (git-ignored).

Both libraries get the same number of threads: NumPy's BLAS threads
(threadpoolctl when installed, else os.cpu_count(), which is OpenBLAS's
default unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS say otherwise) and
torch.set_num_threads. convref's own copies between its BLAS calls run on
one thread: OpenBLAS's idle threads spin for a while after each call, so
Python threads sharing out those copies only took turns with them. The
exception is a layer whose products are all too small for OpenBLAS to
share out (the depthwise layer): convref splits its channels among as
many threads itself.

The machine's load average is printed before and after: other processes
on the same cores slow both libraries, torch's spinning OpenMP threads
most, so compare figures taken on a quiet machine. On a shared machine,
``--rounds N`` (or ``BENCH_ROUNDS=N make bench``) times the whole table N
times, one round after the other, and reports for each layer the median of
each library's N times, their ratio and the range of the N ratios: a burst
of load then spoils one round's figure, not the table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import convref

# (batch, in_channels, height, width), out_channels, kernel_size, groups, stride; padding k // 2
# keeps the size (halves it with stride 2).
LAYERS = [
    ((1, 3, 224, 224), 64, 3, 1, 1),
    ((8, 64, 56, 56), 64, 3, 1, 1),
    ((8, 256, 14, 14), 256, 3, 1, 1),
    ((32, 1, 28, 28), 32, 5, 1, 1),
    ((8, 128, 56, 56), 128, 3, 128, 1),
    ((8, 128, 28, 28), 128, 3, 8, 1),
    ((8, 64, 56, 56), 128, 3, 1, 2),
]
DTYPES = [np.float32, np.float64]
RESULTS = Path(__file__).parent / "results" / "conv2d.json"


def numpy_blas():
    """NumPy's BLAS threads, how we know, and the kernels it runs (None without threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
            if os.environ.get(variable, "").isdigit():
                return int(os.environ[variable]), f"${variable}", None
        return os.cpu_count() or 1, "os.cpu_count() (threadpoolctl not installed)", None
    blas = [pool for pool in threadpool_info() if pool.get("user_api") == "blas"]
    if not blas:
        return os.cpu_count() or 1, "os.cpu_count() (threadpoolctl found no BLAS)", None
    kernels = f"{blas[0].get('internal_api')} {blas[0].get('version')} {blas[0].get('architecture')}"
    return blas[0]["num_threads"], f"threadpoolctl ({blas[0].get('internal_api')})", kernels


def cpu_model():
    """The CPU's name and family as Linux reports them (None elsewhere)."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in info.splitlines()[:30] if ":" in line)
    fields = {key.strip(): value.strip() for key, value in fields.items()}
    return f"{fields.get('model name')} (family {fields.get('cpu family')}, model {fields.get('model')})"


def format_load(load):
    return "/".join(f"{value:.1f}" for value in load)


# After a call, OpenBLAS's idle threads spin for up to about 0.1 s (and
# OpenMP's for a shorter while) before they sleep; the other library's runs
# would share the cores with them. Each library's runs start after a pause.
IDLE_SECONDS = 0.3


# torch's first calls on a new shape are several times slower than the rest
# (oneDNN compiles and caches its kernels): a few runs before the timed ones.
WARM_UP_RUNS = 5


def median_seconds(run, repeats):
    time.sleep(IDLE_SECONDS)
    for _ in range(WARM_UP_RUNS):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(run):
    """Peak bytes allocated while ``run`` executes, beyond what was allocated before."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before, result


def bench_layer(input_shape, out_channels, kernel_size, groups, stride, dtype, repeats, rng):
    batch, in_channels, height, width = input_shape
    padding = kernel_size // 2
    x = rng.standard_normal(input_shape).astype(dtype)
    w = rng.standard_normal((out_channels, in_channels // groups, kernel_size, kernel_size)).astype(dtype)
    b = rng.standard_normal(out_channels).astype(dtype)
    x_t, w_t, b_t = torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)

    def ours():
        return convref.conv2d(x, w, b, stride=stride, padding=padding, groups=groups, method="fast")

    def theirs():
        with torch.no_grad():
            return F.conv2d(x_t, w_t, b_t, stride=stride, padding=padding, groups=groups)

    agreement = float(np.max(np.abs(ours() - theirs().numpy())))
    # One library's runs after the other's, not in turns (see IDLE_SECONDS).
    ours_s = median_seconds(ours, repeats)
    theirs_s = median_seconds(theirs, repeats)
    peak, out = peak_bytes(ours)
    im2col_bytes = batch * in_channels * kernel_size**2 * out.shape[2] * out.shape[3] * x.itemsize
    return {
        "input": list(input_shape), "out_channels": out_channels, "kernel_size": kernel_size, "groups": groups,
        "stride": stride, "padding": padding, "dtype": np.dtype(dtype).name,
        "convref_ms": ours_s * 1e3, "torch_ms": theirs_s * 1e3, "ratio": ours_s / theirs_s,
        "max_abs_difference": agreement,
        "peak_bytes": peak, "output_bytes": out.nbytes, "im2col_bytes": im2col_bytes,
        "peak_over_im2col": peak / im2col_bytes,
        "peak_without_output_over_im2col": (peak - out.nbytes) / im2col_bytes,
    }


def layer_name(input_shape, out_channels, kernel_size, groups, stride):
    name = "x".join(map(str, input_shape)) + f" -> {out_channels} k{kernel_size}"
    name += f" g{groups}" if groups > 1 else ""
    name += f" s{stride}" if stride > 1 else ""
    return name


def print_row(row, tail=""):
    print(f"{row['name']:38} {row['dtype']:8} {row['convref_ms']:11.2f} {row['torch_ms']:9.2f} {row['ratio']:6.2f} "
          f"{row['peak_over_im2col']:12.2f} {row['peak_without_output_over_im2col']:8.2f}{tail}", flush=True)


def geometric_mean(rows):
    return math.exp(statistics.fmean(math.log(row["ratio"]) for row in rows))


def median_rounds(rounds):
    """Per layer, the median over the rounds of each library's time, their ratio, and the range of the rounds' ratios.

    The median of each library's times, not the median ratio: a round in
    which torch alone was slowed by load would otherwise be picked for the
    layers where it flatters convref.
    """
    rows = []
    for per_layer in zip(*rounds):
        ours = statistics.median(row["convref_ms"] for row in per_layer)
        theirs = statistics.median(row["torch_ms"] for row in per_layer)
        ratios = [row["ratio"] for row in per_layer]
        rows.append({**per_layer[0], "convref_ms": ours, "torch_ms": theirs, "ratio": ours / theirs,
                     "ratio_min": min(ratios), "ratio_max": max(ratios),
                     "peak_over_im2col": max(row["peak_over_im2col"] for row in per_layer),
                     "peak_without_output_over_im2col": max(row["peak_without_output_over_im2col"]
                                                            for row in per_layer)})
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs per case (median reported)")
    parser.add_argument("--rounds", type=int, default=os.environ.get("BENCH_ROUNDS", "1"),
                        help="times the whole table is measured; per layer, the median times are reported "
                             "(default: $BENCH_ROUNDS or 1, so that `BENCH_ROUNDS=3 make bench` works)")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.rounds < 1:
        parser.error("--repeats and --rounds must be at least 1")

    threads, source, kernels = numpy_blas()
    torch.set_num_threads(threads)
    # glibc hands out fresh pages (one page fault per 4 KiB on first touch)
    # for every block above its mmap threshold, and only raises that threshold
    # once such a block has been freed; torch's CPU allocator keeps no cache.
    # Until then the first layers' outputs cost page faults on every call, in
    # whichever library happens to allocate before the threshold moves.
    np.empty(30 * 2**20, np.uint8)  # allocated and freed at once: the threshold goes up to 30 MiB

    environment = {
        "numpy": np.__version__, "torch": torch.__version__, "python": platform.python_version(),
        "machine": platform.machine(), "cpu_count": os.cpu_count(),
        "numpy_blas_threads": threads, "numpy_threads_from": source, "torch_threads": torch.get_num_threads(),
        "numpy_blas_kernels": kernels, "mkldnn": torch.backends.mkldnn.is_available(),
        "load_average_before": os.getloadavg(),
        "cpu": cpu_model(),
        **{name: os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                                   "OPENBLAS_CORETYPE")},
    }
    print(f"numpy {np.__version__} ({threads} BLAS threads, from {source}; kernels {kernels}); "
          f"torch {torch.__version__} "
          f"({torch.get_num_threads()} threads, mkldnn {environment['mkldnn']}); "
          f"OPENBLAS_NUM_THREADS={environment['OPENBLAS_NUM_THREADS']} "
          f"OMP_NUM_THREADS={environment['OMP_NUM_THREADS']} "
          f"OPENBLAS_CORETYPE={environment['OPENBLAS_CORETYPE']}; CPU {environment['cpu']}")
    if os.environ.get("OPENBLAS_CORETYPE"):
        print(f"note: OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} chooses NumPy's OpenBLAS kernels, "
              "whatever the CPU; unset it (and OPENBLAS_L2_SIZE) for this command to let OpenBLAS pick its own")
    print(f"median of {args.repeats} runs; padding k//2; ratio = convref / torch (lower is better); "
          "peak = tracemalloc peak of one fast call, over the im2col matrix size (with and without the output)")
    header = (f"{'layer':38} {'dtype':8} {'convref ms':>11} {'torch ms':>9} {'ratio':>6} "
              f"{'peak/im2col':>12} {'w/o out':>8}")
    print(header)
    print("-" * len(header))
    rng = np.random.default_rng(0)
    rounds = []
    for round_number in range(args.rounds):
        if args.rounds > 1:
            print(f"round {round_number + 1} of {args.rounds}")
        rows = []
        for dtype in DTYPES:
            for input_shape, out_channels, kernel_size, groups, stride in LAYERS:
                row = bench_layer(input_shape, out_channels, kernel_size, groups, stride, dtype, args.repeats, rng)
                row["name"] = layer_name(input_shape, out_channels, kernel_size, groups, stride)
                rows.append(row)
                print_row(row)
        rounds.append(rows)
        if args.rounds > 1:
            print(f"round {round_number + 1}: geometric mean of ratios {geometric_mean(rows):.2f}")
    if args.rounds > 1:
        rows = median_rounds(rounds)
        print("-" * len(header))
        print(f"per layer, the median of {args.rounds} rounds of each library's time, their ratio "
              "(and the range of the rounds' ratios):")
        for row in rows:
            print_row(row, f"  ({row['ratio_min']:.2f} to {row['ratio_max']:.2f})")
    print("-" * len(header))
    print(f"geometric mean of ratios: {geometric_mean(rows):.2f} (target <= 1.0); "
          f"largest ratio: {max(r['ratio'] for r in rows):.2f} (target <= 3)")
    if args.rounds > 1:
        print("geometric mean of each round: " + ", ".join(f"{geometric_mean(r):.2f}" for r in rounds))
    print(f"largest peak/im2col: {max(r['peak_over_im2col'] for r in rows):.2f}, "
          f"without the output: {max(r['peak_without_output_over_im2col'] for r in rows):.2f} (target <= 1.15)")
    environment["load_average_after"] = os.getloadavg()
    print(f"load average (1, 5, 15 min) before {format_load(environment['load_average_before'])}, "
          f"after {format_load(environment['load_average_after'])} on {os.cpu_count()} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"environment": environment, "repeats": args.repeats, "rounds": args.rounds,
                                   "geometric_mean_ratio": geometric_mean(rows), "layers": rows,
                                   "every_round": rounds if args.rounds > 1 else None}, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
