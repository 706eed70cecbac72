"""numpy (OpenBLAS, one thread) on the shapes bench/run.ts measures: products with preallocated outputs and
one full-batch GD step of the two-layer ReLU network with preallocated buffers. Reads the shapes as JSON on
stdin, prints seconds (best process CPU time per call) as JSON. Timed like the TypeScript side: repetitions
of at least MIN_SECONDS, best of REPS."""
import json
import sys
import time

import numpy as np

MIN_SECONDS = 0.03
REPS = 7


def best_seconds(fn):
    fn()
    calls = 1
    while True:
        t = time.process_time()
        for _ in range(calls):
            fn()
        if time.process_time() - t >= MIN_SECONDS:
            break
        calls *= 2
    best = float("inf")
    for _ in range(REPS):
        t = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - t) / calls)
    return best


def product(op, m, n, k, rng):
    # C (m x n) = op(A) op(B) with the operands laid out as the trainer holds them.
    if op == "NN":
        a, b = rng.standard_normal((m, k)), rng.standard_normal((k, n))
    elif op == "NT":
        a, b = rng.standard_normal((m, k)), rng.standard_normal((n, k)).T
    elif op == "TN":
        a, b = rng.standard_normal((k, m)).T, rng.standard_normal((k, n))
    elif op == "gemv":
        a, b = rng.standard_normal((m, k)), rng.standard_normal(k)
        out = np.empty(m)
        return lambda: np.matmul(a, b, out=out)
    elif op == "gemvT":
        a, b = rng.standard_normal((k, m)).T, rng.standard_normal(k)
        out = np.empty(m)
        return lambda: np.matmul(a, b, out=out)
    else:
        raise ValueError(op)
    out = np.empty((m, n))
    return lambda: np.matmul(a, b, out=out)


def gd_step(n, d, m, rng):
    X = rng.standard_normal((n, d))
    y = rng.standard_normal(n)
    W = rng.standard_normal((m, d)) / np.sqrt(d)
    a = rng.standard_normal(m)
    Z, S, G = np.empty((n, m)), np.empty((n, m)), np.empty((n, m))
    f, r, ga, sa, gW = np.empty(n), np.empty(n), np.empty(m), np.empty(m), np.empty((m, d))
    s = 1 / np.sqrt(m)
    eta = 1e-3

    def step():
        # In-place ufuncs with out=: nothing is allocated but the broadcast views.
        np.matmul(X, W.T, out=Z)
        np.maximum(Z, 0, out=S)
        np.matmul(S, a, out=f)
        np.multiply(f, s, out=f)
        np.subtract(f, y, out=r)
        np.multiply(r, 1 / n, out=r)
        np.matmul(S.T, r, out=ga)
        np.multiply(ga, s, out=ga)
        np.greater(Z, 0, out=G)
        np.multiply(G, r[:, None], out=G)
        np.multiply(a, s, out=sa)
        np.multiply(G, sa, out=G)
        np.matmul(G.T, X, out=gW)
        np.multiply(gW, eta, out=gW)
        np.subtract(W, gW, out=W)
        np.multiply(ga, eta, out=ga)
        np.subtract(a, ga, out=a)

    return step


def main():
    spec = json.load(sys.stdin)
    rng = np.random.default_rng(1)
    out = {"numpy": np.__version__, "products": [], "step": None}
    for p in spec["products"]:
        out["products"].append(best_seconds(product(p["op"], p["m"], p["n"], p["k"], rng)))
    st = spec["step"]
    out["step"] = best_seconds(gd_step(st["n"], st["d"], st["m"], rng))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
