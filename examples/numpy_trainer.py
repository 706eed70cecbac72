#!/usr/bin/env python3
"""A complete theorycheck trainer in Python/numpy, spoken to over the JSON-lines protocol
(docs/trainer-protocol.md):

    npx theorycheck run --claim quadratic --trainer-cmd "python3 examples/numpy_trainer.py"

It trains the two-layer network f(x) = s(m) * sum_j a_j sigma(w_j . x / c) with the semantics of the
reference trainer (src/contract/trainer.ts): full-batch GD, minibatch SGD without replacement (reshuffled every
pass), GD with Armijo backtracking and one-pass (online, optionally displaced) SGD; square, logistic and
correlation losses with mean or sum reduction; the unit-rows and norm-only constraints; stopAtLoss,
traceEvery, divergence detection and the probe. Its minibatch order comes from numpy's generator seeded with
the request's seed, so SGD runs differ from the reference trainer's in the order of samples only.

Protocol: print one greeting line, then read one request per line from stdin and answer one line each,
{"id": k, "result": {...}} or {"id": k, "error": "..."}; exit at the end of stdin.
"""
import json
import math
import sys
import traceback

import numpy as np

ACTIVATIONS = ["relu", "quadratic", "tanh", "linear", "he2", "he3", "he4"]
GREETING = {
    "protocol": "theorycheck-trainer",
    "version": 1,
    "name": "numpy",
    "supports": {
        "algorithms": ["gd", "sgd", "gd-backtracking", "online"],
        "activations": ACTIVATIONS,
        "outputScalings": ["inv-sqrt-m", "inv-m", "none"],
        "losses": ["square", "logistic", "correlation"],
        "reductions": ["mean", "sum"],
        "constraints": ["unit-rows", "norm-only"],
        "features": ["displacement", "probe"],
    },
}

# A run diverged when its loss is not finite or exceeds this factor times a positive initial loss.
DIVERGENCE_FACTOR = 1e6
ARMIJO_C = 1e-4
MAX_HALVINGS = 100
MAX_GROWTH = 2.0**100


# ----------------------------------------------------------------------------------------------------
# The network: activations, forward, loss and gradients.


def sigma(kind, z):
    if kind == "relu":
        return np.maximum(z, 0.0)
    if kind == "quadratic":
        return z * z
    if kind == "tanh":
        return np.tanh(z)
    if kind == "linear":
        return z.copy()
    if kind == "he2":
        return z * z - 1.0
    if kind == "he3":
        return z * (z * z - 3.0)
    if kind == "he4":
        z2 = z * z
        return z2 * (z2 - 6.0) + 3.0
    raise ValueError(f"unknown activation {kind!r}")


def sigma_prime(kind, z):
    if kind == "relu":
        return (z > 0).astype(np.float64)  # relu'(0) = 0
    if kind in ("quadratic", "he2"):
        return 2.0 * z
    if kind == "tanh":
        t = np.tanh(z)
        return 1.0 - t * t
    if kind == "linear":
        return np.ones_like(z)
    if kind == "he3":
        return 3.0 * (z * z - 1.0)
    if kind == "he4":
        return 4.0 * z * (z * z - 3.0)
    raise ValueError(f"unknown activation {kind!r}")


def output_scale(kind, m):
    return {"inv-sqrt-m": 1.0 / math.sqrt(m), "inv-m": 1.0 / m, "none": 1.0}[kind]


def softplus_neg(t):
    """log(1 + exp(-t)) without overflow."""
    return np.where(t > 0, np.log1p(np.exp(-np.abs(t))), -t + np.log1p(np.exp(-np.abs(t))))


def logistic_weight(t):
    """1 / (1 + exp(t)) without overflow."""
    e = np.exp(-np.abs(t))
    return np.where(t > 0, e / (1.0 + e), 1.0 / (1.0 + e))


class Net:
    def __init__(self, network, loss):
        self.activation = network["activation"]
        self.m = network["m"]
        self.d = network["d"]
        self.s = output_scale(network["outputScaling"], self.m)
        self.c = float(network.get("inputScale", 1.0))
        self.train_first = network["trainFirst"]
        self.train_second = network["trainSecond"]
        self.loss_kind = loss["kind"]
        self.reduction = loss.get("reduction", "mean")

    def _factor(self, n):
        return 1.0 if self.reduction == "sum" else 1.0 / n

    def loss(self, W, a, X, y):
        Z = (X @ W.T) / self.c
        f = self.s * (sigma(self.activation, Z) @ a)
        return self._loss_of(f, y)

    def _loss_of(self, f, y):
        n = y.shape[0]
        if self.loss_kind == "square":
            e = y - f
            total = 0.5 * float(e @ e)
        elif self.loss_kind == "logistic":
            total = float(np.sum(softplus_neg(y * f)))
        else:
            total = -float(y @ f)
        return total * self._factor(n)

    def loss_and_gradient(self, W, a, X, y):
        """L, dL/dW (m x d), dL/da (m) on the batch (X, y)."""
        n = y.shape[0]
        Z = (X @ W.T) / self.c
        S = sigma(self.activation, Z)
        f = self.s * (S @ a)
        L = self._loss_of(f, y)
        k = self._factor(n)
        if self.loss_kind == "square":
            r = k * (f - y)
        elif self.loss_kind == "logistic":
            r = -k * y * logistic_weight(y * f)
        else:
            r = -k * y
        ga = self.s * (S.T @ r) if self.train_second else None
        gW = None
        if self.train_first:
            G = sigma_prime(self.activation, Z) * ((self.s / self.c) * r)[:, None] * a[None, :]
            gW = G.T @ X
        return L, gW, ga


# ----------------------------------------------------------------------------------------------------
# Parameters, constraints and the update.


class Params:
    def __init__(self, W, a, r=None):
        self.W = W
        self.a = a
        self.r = r

    def copy(self):
        return Params(self.W.copy(), self.a.copy(), None if self.r is None else self.r.copy())


def normalize_rows(W, norm):
    q = np.sqrt(np.sum(W * W, axis=1))
    scale = np.where(q > 0, norm / np.where(q > 0, q, 1.0), 1.0)
    W *= scale[:, None]


class Updater:
    """from -> one gradient step of size eta, constraint included."""

    def __init__(self, request, net, U):
        constraint = request.get("constraint")
        self.net = net
        self.norm_only = constraint is not None and constraint["kind"] == "norm-only"
        self.row_norm = constraint.get("norm", 1.0) if constraint is not None and constraint["kind"] == "unit-rows" else 0.0
        self.U = U

    def __call__(self, eta, p, gW, ga):
        q = Params(p.W, p.a, p.r)
        if self.net.train_first:
            if self.norm_only:
                g = np.sum(self.U * gW, axis=1)
                r = np.maximum(p.r - eta * g, 0.0)
                q.r = r
                q.W = r[:, None] * self.U
            else:
                W = p.W - eta * gW
                if self.row_norm > 0:
                    normalize_rows(W, self.row_norm)
                q.W = W
        if self.net.train_second:
            q.a = p.a - eta * ga
        return q


# ----------------------------------------------------------------------------------------------------
# The trace, the stopping rule and divergence.


class Monitor:
    def __init__(self, algorithm, growth_test=True):
        self.every = algorithm.get("traceEvery", 1)
        self.steps = algorithm["steps"]
        self.stop_at = algorithm.get("stopAtLoss")
        self.growth_test = growth_test
        self.step = []
        self.loss = []
        self.initial = math.nan
        self.divergence = None

    def _record(self, t, L):
        if self.step and self.step[-1] == t:
            return
        self.step.append(t)
        self.loss.append(L)

    def observe(self, t, L):
        """Records L (before update t) when due; True when the run must stop."""
        if t == 0:
            self.initial = L
        diverged = not math.isfinite(L) or (self.growth_test and self.initial > 0 and L > DIVERGENCE_FACTOR * self.initial)
        if diverged:
            self.divergence = {"step": t, "loss": L}
        stop = diverged or (self.stop_at is not None and L < self.stop_at) or t >= self.steps
        if stop or t % self.every == 0:
            self._record(t, L)
        return stop

    def finish(self, t, L):
        self._record(t, L)


class Probe:
    def __init__(self, spec):
        self.theta = np.asarray(spec["direction"], dtype=np.float64)
        self.stop_above = spec.get("stopAbove")
        self.current = None
        self.rows = []
        self.last = -1

    def measure(self, W):
        norms = np.sqrt(np.sum(W * W, axis=1))
        dots = W @ self.theta
        self.current = np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0)
        return self.stop_above is not None and bool(np.any(self.current > self.stop_above))

    def record(self, t):
        if t != self.last:
            self.rows.append(self.current.tolist())
            self.last = t


# ----------------------------------------------------------------------------------------------------
# The algorithms. Each returns (updates taken, final parameters).


def run_gd(net, update, monitor, p, X, y, lr, steps):
    t = 0
    while True:
        if t < steps:
            L, gW, ga = net.loss_and_gradient(p.W, p.a, X, y)
        else:
            L = net.loss(p.W, p.a, X, y)
        if monitor.observe(t, L):
            return t, p
        p = update(lr, p, gW, ga)
        t += 1


def run_sgd(net, update, monitor, p, X, y, algorithm, seed):
    n = y.shape[0]
    b = algorithm["batchSize"]
    if b == n:
        return run_gd(net, update, monitor, p, X, y, algorithm["lr"], algorithm["steps"])
    lr, steps = algorithm["lr"], algorithm["steps"]
    watch = algorithm.get("stopAtLoss") is not None
    rng = np.random.default_rng(int(seed) % 2**63)
    order = np.arange(n)
    position = n
    t = 0
    while True:
        if watch or t % monitor.every == 0 or t == steps:
            if monitor.observe(t, net.loss(p.W, p.a, X, y)):
                return t, p
        # Without replacement: a fresh permutation every pass, cut into consecutive batches.
        if position >= n:
            order = rng.permutation(n)
            position = 0
        idx = order[position : position + b]
        position = min(n, position + b)
        Lb, gW, ga = net.loss_and_gradient(p.W, p.a, X[idx], y[idx])
        if not math.isfinite(Lb) and monitor.observe(t, net.loss(p.W, p.a, X, y)):
            return t, p
        p = update(lr, p, gW, ga)
        t += 1


def distance2(p, q, net):
    s = 0.0
    if net.train_first:
        s += float(np.sum((p.W - q.W) ** 2))
    if net.train_second:
        s += float(np.sum((p.a - q.a) ** 2))
    return s


def run_backtracking(net, update, monitor, p, X, y, lr):
    """Full-batch GD with Armijo backtracking; the step starts at 2 eta after an accepted step."""
    eta = lr
    L, gW, ga = net.loss_and_gradient(p.W, p.a, X, y)
    t = 0
    while not monitor.observe(t, L):
        accepted = None
        for _ in range(MAX_HALVINGS + 1):
            trial = update(eta, p, gW, ga)
            D2 = distance2(p, trial, net)
            if D2 == 0:
                break
            if net.loss(trial.W, trial.a, X, y) <= L - ARMIJO_C * D2 / eta:
                accepted = trial
                break
            eta *= 0.5
        if accepted is None:
            break
        p = accepted
        L, gW, ga = net.loss_and_gradient(p.W, p.a, X, y)
        t += 1
        eta = min(2 * eta, lr * MAX_GROWTH)
    monitor.finish(t, L)
    return t, p


def run_online(net, update, monitor, p, X, y, algorithm, probe):
    """Update t uses samples [t b, (t + 1) b); displaced SGD uses the batch twice."""
    b = algorithm["batchSize"]
    lr, steps = algorithm["lr"], algorithm["steps"]
    rho = algorithm.get("displacement", 0.0) or 0.0
    t = 0
    while True:
        crossed = probe.measure(p.W) if probe is not None else False
        start = (t if t < steps else max(steps - 1, 0)) * b
        Xb, yb = X[start : start + b], y[start : start + b]
        last = t >= steps or crossed
        if last:
            L = net.loss(p.W, p.a, Xb, yb)
        else:
            L, gW, ga = net.loss_and_gradient(p.W, p.a, Xb, yb)
        stop = monitor.observe(t, L)
        if crossed and not stop:
            monitor.finish(t, L)
            stop = True
        if probe is not None and (stop or t % monitor.every == 0):
            probe.record(t)
        if stop:
            return t, p
        if rho > 0:
            # The displaced point keeps the frozen layers; the constraint applies to the update only.
            Wt = p.W - rho * gW if net.train_first else p.W
            at = p.a - rho * ga if net.train_second else p.a
            _, gW, ga = net.loss_and_gradient(Wt, at, Xb, yb)
        p = update(lr, p, gW, ga)
        t += 1


def train(request):
    network, data, algorithm = request["network"], request["data"], request["algorithm"]
    d, m, n = network["d"], network["m"], data["n"]
    net = Net(network, request["loss"])
    W = np.asarray(network["W"], dtype=np.float64).reshape(m, d).copy()
    a = np.asarray(network["a"], dtype=np.float64).copy()
    X = np.asarray(data["X"], dtype=np.float64).reshape(n, d)
    y = np.asarray(data["y"], dtype=np.float64)
    constraint = request.get("constraint")
    U = None
    p = Params(W, a)
    if constraint is not None and constraint["kind"] == "norm-only":
        r = np.sqrt(np.sum(W * W, axis=1))
        U = W / r[:, None]
        p.r = r
    if constraint is not None and constraint["kind"] == "unit-rows" and net.train_first:
        normalize_rows(p.W, constraint.get("norm", 1.0))
    update = Updater(request, net, U)
    kind = algorithm["kind"]
    monitor = Monitor(algorithm, growth_test=kind != "online")
    probe = Probe(request["probe"]) if request.get("probe") is not None else None
    if probe is not None and kind != "online":
        raise ValueError("a probe is served for online SGD only")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if kind == "gd":
            steps, p = run_gd(net, update, monitor, p, X, y, algorithm["lr"], algorithm["steps"])
        elif kind == "sgd":
            steps, p = run_sgd(net, update, monitor, p, X, y, algorithm, request["seed"])
        elif kind == "gd-backtracking":
            steps, p = run_backtracking(net, update, monitor, p, X, y, algorithm["lr"])
        elif kind == "online":
            steps, p = run_online(net, update, monitor, p, X, y, algorithm, probe)
        else:
            raise ValueError(f"unknown algorithm {kind!r}")
    result = {"W": p.W.reshape(-1).tolist(), "a": p.a.tolist(), "steps": steps, "trace": {"step": monitor.step, "loss": monitor.loss}}
    if probe is not None:
        result["trace"]["overlap"] = probe.rows
    if monitor.divergence is not None:
        result["diverged"] = monitor.divergence
    return result


# ----------------------------------------------------------------------------------------------------
# The protocol loop.


def wire(value):
    """JSON has no NaN or Infinity: they travel as the strings "NaN", "Infinity", "-Infinity"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, list):
        return [wire(v) for v in value]
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items()}
    return value


def number(value):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, value) if isinstance(value, str) else value


def send(message):
    sys.stdout.write(json.dumps(wire(message), allow_nan=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main():
    send(GREETING)
    for line in sys.stdin:
        if not line.strip():
            continue
        message_id = None
        try:
            message = json.loads(line)
            message_id = message["id"]
            request = message["request"]
            # JSON has one kind of number: an integral value (a step of 1e20 late in a margin run) arrives without a
            # fraction, and json reads it as an int that numpy and torch cannot take where a float goes.
            algorithm = request["algorithm"]
            for key in ("lr", "displacement", "stopAtLoss"):
                if key in algorithm:
                    algorithm[key] = float(number(algorithm[key]))
            send({"id": message_id, "result": train(request)})
        except Exception as err:  # every failure is reported for its request; the loop goes on
            detail = traceback.format_exception_only(type(err), err)[-1].strip()
            send({"id": message_id if message_id is not None else -1, "error": detail})


if __name__ == "__main__":
    main()
