#!/usr/bin/env python3
"""A theorycheck trainer in PyTorch, written as a PyTorch user writes one: an nn.Module two-layer network,
autograd, torch.optim.SGD and the losses of torch.nn.functional, in float64. It speaks the JSON-lines protocol
(docs/trainer-protocol.md) exactly like examples/numpy_trainer.py:

    npx theorycheck run --claim quadratic --trainer-cmd "python3 examples/torch_trainer.py"

It trains f(x) = s(m) * sum_j a_j sigma(w_j . x / c) with the semantics of the reference trainer
(src/contract/trainer.ts): full-batch GD, minibatch SGD without replacement (reshuffled every epoch), GD with
Armijo backtracking and one-pass (online, optionally displaced) SGD; square, logistic and correlation losses with
mean or sum reduction; the unit-rows and norm-only constraints; stopAtLoss, traceEvery, divergence detection and
the probe. Minibatch order comes from a torch.Generator seeded with the request's seed, so SGD runs differ from
the reference trainer's in the order of samples only.

test/fixtures/torch-bugs/ holds one-line mistakes of this file that the claims must catch (npm run kill-matrix --
--torch): keep the lines they name as they are.
"""
import json
import math
import sys
import traceback

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrize

DTYPE = torch.float64
torch.set_default_dtype(DTYPE)
# The harness starts one trainer per worker, one worker per core: more threads would only contend.
torch.set_num_threads(1)

ACTIVATIONS = ["relu", "quadratic", "tanh", "linear", "he2", "he3", "he4"]
GREETING = {
    "protocol": "theorycheck-trainer",
    "version": 1,
    "name": "torch",
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
# The dropout of the model template. The papers' networks have none: the model trains in eval mode, where
# nn.Dropout is the identity (autograd does not depend on the mode).
DROPOUT = 0.1
# The papers' learning rates are constant: the decay is scheduled for after the last epoch, so it never applies.
LR_DECAY = 0.1


def activation(kind, z):
    if kind == "relu":
        return F.relu(z)
    if kind == "quadratic":
        return z * z
    if kind == "tanh":
        return torch.tanh(z)
    if kind == "linear":
        return z
    if kind == "he2":
        return z * z - 1.0
    if kind == "he3":
        return z * (z * z - 3.0)
    if kind == "he4":
        z2 = z * z
        return z2 * (z2 - 6.0) + 3.0
    raise ValueError(f"unknown activation {kind!r}")


def output_scale(kind, m):
    return {"inv-sqrt-m": m**-0.5, "inv-m": 1.0 / m, "none": 1.0}[kind]


class NormOnly(nn.Module):
    """The norm-only constraint as a parametrization: w_j = r_j u_j with the directions u_j fixed, r trained."""

    def __init__(self, W):
        super().__init__()
        self.register_buffer("U", W / W.norm(dim=1, keepdim=True))

    def forward(self, r):
        return r[:, None] * self.U

    def right_inverse(self, W):
        return W.norm(dim=1)


class TwoLayerNet(nn.Module):
    def __init__(self, network, constraint):
        super().__init__()
        m, d = network["m"], network["d"]
        self.activation = network["activation"]
        self.scale = output_scale(network["outputScaling"], m)
        self.c = float(network.get("inputScale", 1.0))
        self.hidden = nn.Linear(d, m, bias=False)
        self.dropout = nn.Dropout(DROPOUT)
        self.output = nn.Linear(m, 1, bias=False)
        with torch.no_grad():
            self.hidden.weight.copy_(torch.tensor(network["W"], dtype=DTYPE).reshape(m, d))
            self.output.weight.copy_(torch.tensor(network["a"], dtype=DTYPE).reshape(1, m))
        self.constraint = constraint["kind"] if constraint else None
        self.row_norm = constraint.get("norm", 1.0) if self.constraint == "unit-rows" else None
        if self.constraint == "norm-only":
            parametrize.register_parametrization(self.hidden, "weight", NormOnly(self.hidden.weight.detach()))
        self.hidden.requires_grad_(network["trainFirst"])
        self.output.requires_grad_(network["trainSecond"])
        if self.constraint == "unit-rows":
            self.constrain()

    def forward(self, x):
        h = self.dropout(activation(self.activation, self.hidden(x) / self.c))
        return self.scale * self.output(h).squeeze(-1)

    def constrain(self):
        """After every step: rows back to their norm (unit-rows), norms kept non-negative (norm-only)."""
        if self.constraint is None or not self.hidden.weight.requires_grad:
            return
        with torch.no_grad():
            if self.constraint == "norm-only":
                self.hidden.parametrizations.weight.original.clamp_(min=0.0)
            else:
                W = self.hidden.weight
                q = W.norm(dim=1, keepdim=True)
                W.mul_(torch.where(q > 0, self.row_norm / torch.where(q > 0, q, torch.ones_like(q)), torch.ones_like(q)))


def make_criterion(loss):
    kind, reduction = loss["kind"], loss.get("reduction", "mean")
    if kind == "square":
        return lambda f, y: 0.5 * F.mse_loss(f, y, reduction=reduction)
    if kind == "logistic":
        # log(1 + exp(-y f)) per sample, as softplus(-y f): soft_margin_loss forms 1 + exp(-y f), which rounds to 1
        # once exp(-y f) < 1.1e-16, so the loss it reports is 0 while the gradient is not (margin claims read it to 1e-30)
        per_sample = lambda f, y: F.softplus(-y * f)
        if reduction == "sum":
            return lambda f, y: per_sample(f, y).sum()
        return lambda f, y: per_sample(f, y).mean()
    # the correlation loss -y f has no torch.nn.functional counterpart
    if reduction == "sum":
        return lambda f, y: -(y * f).sum()
    return lambda f, y: -(y * f).mean()


# ----------------------------------------------------------------------------------------------------
# The trace, the stopping rule, divergence and the probe.


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

    def due(self, t):
        return self.stop_at is not None or t % self.every == 0 or t >= self.steps

    def _record(self, t, L):
        if self.step and self.step[-1] == t:
            return
        self.step.append(t)
        self.loss.append(L)

    def observe(self, t, L):
        """Records L (the loss before update t) when due; True when the run must stop."""
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
    """Cosines of the first layer's rows with a direction theta, and a stop when one exceeds stopAbove."""

    def __init__(self, spec):
        self.theta = torch.tensor(spec["direction"], dtype=DTYPE)
        self.stop_above = spec.get("stopAbove")
        self.current = None
        self.rows = []
        self.last = -1

    @torch.no_grad()
    def crossed(self, model):
        W = model.hidden.weight
        norms = W.norm(dim=1)
        self.current = torch.where(norms > 0, (W @ self.theta) / torch.where(norms > 0, norms, torch.ones_like(norms)), torch.zeros_like(norms))
        return self.stop_above is not None and bool((self.current > self.stop_above).any())

    def record(self, t):
        if t != self.last:
            self.rows.append(self.current.tolist())
            self.last = t


# ----------------------------------------------------------------------------------------------------
# Training: epochs of batches (GD: one batch per epoch; online: one epoch; SGD: reshuffled epochs), and GD with
# backtracking.


def epochs_of(algorithm, n, seed):
    """The epochs of a run, each a list of batches (index tensors or slices), steps batches in all."""
    kind, steps = algorithm["kind"], algorithm["steps"]
    b = algorithm.get("batchSize", n)
    if kind == "gd" or (kind == "sgd" and b == n):
        return [[slice(None)] for _ in range(steps)]
    if kind == "online":
        # One pass: update t uses the fresh samples [t b, (t + 1) b).
        return [[slice(t * b, (t + 1) * b) for t in range(steps)]]
    generator = torch.Generator().manual_seed(int(seed) % 2**63)
    epochs, left = [], steps
    while left > 0:
        batches = list(torch.randperm(n, generator=generator).split(b))[:left]
        epochs.append(batches)
        left -= len(batches)
    return epochs


class Run:
    def __init__(self, request, model):
        algorithm = request["algorithm"]
        self.model = model
        self.criterion = make_criterion(request["loss"])
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.lr = algorithm["lr"]
        self.rho = algorithm.get("displacement", 0.0) or 0.0
        self.monitor = Monitor(algorithm, growth_test=algorithm["kind"] != "online")
        self.optimizer = torch.optim.SGD(self.params, lr=self.lr)

    def loss(self, X, y):
        return self.criterion(self.model(X), y)

    def train_epochs(self, epochs, X, y, full_loss, probe, last):
        """Updates on the batches of every epoch. The loss traced is the full training loss (full_loss) or that of
        the batch about to be used (GD, online); last is the batch whose loss ends the trace after the last update."""
        monitor = self.monitor
        scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=max(1, len(epochs)), gamma=LR_DECAY)
        t = 0
        for batches in epochs:
            for batch in batches:
                Xb, yb = X[batch], y[batch]
                if full_loss and monitor.due(t) and self.observe(t, X, y):
                    return t
                self.optimizer.zero_grad(set_to_none=True)
                loss = self.loss(Xb, yb)
                L = loss.item()
                if full_loss and not math.isfinite(L) and self.observe(t, X, y):
                    return t
                if not full_loss and self.observe_batch(t, L, probe):
                    return t
                loss.backward()
                if self.rho > 0:
                    self.displace(Xb, yb)
                self.optimizer.step()
                self.model.constrain()
                t += 1
            scheduler.step()
        if full_loss:
            self.observe(t, X, y)
        else:
            with torch.no_grad():
                self.observe_batch(t, self.loss(X[last], y[last]).item(), probe)
        return t

    @torch.no_grad()
    def observe(self, t, X, y):
        return self.monitor.observe(t, self.loss(X, y).item())

    def observe_batch(self, t, L, probe):
        crossed = probe.crossed(self.model) if probe is not None else False
        stop = self.monitor.observe(t, L)
        if crossed and not stop:
            self.monitor.finish(t, L)
            stop = True
        if probe is not None and (stop or t % self.monitor.every == 0):
            probe.record(t)
        return stop

    def displace(self, Xb, yb):
        """Displaced SGD: the gradient at theta - rho grad L_B(theta), applied at theta (frozen layers stay)."""
        with torch.no_grad():
            theta = [p.detach().clone() for p in self.params]
            for p in self.params:
                p.sub_(self.rho * p.grad)
        self.optimizer.zero_grad()
        self.loss(Xb, yb).backward()
        with torch.no_grad():
            for p, origin in zip(self.params, theta):
                p.copy_(origin)

    def train_backtracking(self, X, y):
        """Armijo: halve eta until L(theta') <= L(theta) - c |theta - theta'|^2 / eta; the next step starts at 2 eta."""
        eta, t = self.lr, 0
        group = self.optimizer.param_groups[0]
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()
        L = loss.item()
        while not self.monitor.observe(t, L):
            saved = [p.detach().clone() for p in self.params]
            accepted = False
            for _ in range(MAX_HALVINGS + 1):
                group["lr"] = eta
                self.optimizer.step()
                self.model.constrain()
                with torch.no_grad():
                    D2 = sum(float(((p - s) ** 2).sum()) for p, s in zip(self.params, saved))
                    if D2 > 0 and self.loss(X, y).item() <= L - ARMIJO_C * D2 / eta:
                        accepted = True
                        break
                    for p, s in zip(self.params, saved):
                        p.copy_(s)
                if D2 == 0:
                    break
                eta *= 0.5
            if not accepted:
                break
            self.optimizer.zero_grad()
            loss = self.loss(X, y)
            loss.backward()
            L = loss.item()
            t += 1
            eta = min(2 * eta, self.lr * MAX_GROWTH)
        self.monitor.finish(t, L)
        return t


def train(request):
    network, data, algorithm = request["network"], request["data"], request["algorithm"]
    torch.manual_seed(int(request["seed"]) % 2**63)
    n, d = data["n"], network["d"]
    X = torch.tensor(data["X"], dtype=DTYPE).reshape(n, d)
    y = torch.tensor(data["y"], dtype=DTYPE)
    model = TwoLayerNet(network, request.get("constraint"))
    model.eval()
    run = Run(request, model)
    kind = algorithm["kind"]
    probe = Probe(request["probe"]) if request.get("probe") is not None else None
    if probe is not None and kind != "online":
        raise ValueError("a probe is served for online SGD only")
    if kind == "gd-backtracking":
        steps = run.train_backtracking(X, y)
    elif kind in ("gd", "sgd", "online"):
        epochs = epochs_of(algorithm, n, request["seed"])
        b = algorithm.get("batchSize", n)
        last = slice(max(algorithm["steps"] - 1, 0) * b, max(algorithm["steps"], 1) * b) if kind == "online" else slice(None)
        full_loss = kind == "sgd" and b < n
        steps = run.train_epochs(epochs, X, y, full_loss, probe, last)
    else:
        raise ValueError(f"unknown algorithm {kind!r}")
    with torch.no_grad():
        W, a = model.hidden.weight, model.output.weight
        result = {"W": W.reshape(-1).tolist(), "a": a.reshape(-1).tolist(), "steps": steps, "trace": {"step": run.monitor.step, "loss": run.monitor.loss}}
    if probe is not None:
        result["trace"]["overlap"] = probe.rows
    if run.monitor.divergence is not None:
        result["diverged"] = run.monitor.divergence
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
