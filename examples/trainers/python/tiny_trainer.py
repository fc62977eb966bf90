#!/usr/bin/env python3
"""A minimal trainer that meets sparsesweep's trainer contract (docs/trainer-contract.md).

Python 3 standard library only. It trains a tiny residual MLP (``--depth`` blocks of two dense
matrices, width ``--width`` after ``--scale``, hidden ``--mlp-ratio`` x width) on synthetic
classification data, prunes the block matrices by magnitude to ``--sparsity`` (unstructured or
n:m along the input axis, on a cubic schedule between ``--prune-start`` and ``--prune-end``),
writes a checkpoint on SIGTERM and resumes from it, and reports the protocol's result line.

It is an example of the contract, not of a model: there is no attention (``--heads`` is checked
and echoed), both tasks use the same synthetic data, and "adafactor" is an unfactored
RMS-scaled update. A JAX trainer (the paper's jaxpruner code) has the same outer shape: parse
the flags, install the SIGTERM handler, resume, train, write the result, exit 0 / 2 / 75.

    python3 examples/trainers/python/tiny_trainer.py --width 16 --depth 1 --heads 2 --steps 50
    ./sparsesweep trainer-check -- python3 examples/trainers/python/tiny_trainer.py
"""

import json
import math
import os
import random
import re
import signal
import sys
import time

OK, FAILURE, BAD_INPUT, STOPPED = 0, 1, 2, 75
CLASSES = 8
TERMINATION_LOG = "/dev/termination-log"

INTEGER = re.compile(r"-?[0-9]{1,19}\Z")
DECIMAL = re.compile(r"-?([0-9]{1,30}(\.[0-9]{0,30})?|\.[0-9]{1,30})([eE][-+]?[0-9]{1,3})?\Z")
NM = re.compile(r"([1-9][0-9]?):([1-9][0-9]?)\Z")

# The protocol's flags (docs/trial-protocol.md): name -> (type, default, allowed).
# allowed: a list of choices, or (low, low inclusive, high, high inclusive) with None for open.
FLAGS = {
    "task": ("choice", "lm", ["vit", "lm"]),
    "width": ("int", "128", (1, True, None, None)),
    "depth": ("int", "2", (1, True, None, None)),
    "heads": ("int", "4", (1, True, None, None)),
    "mlp-ratio": ("decimal", "4", (0, False, None, None)),
    "scale": ("decimal", "1", (0, False, None, None)),
    "seq-len": ("int", "128", (2, True, None, None)),
    "patch-size": ("int", "4", (1, True, None, None)),
    "dataset": ("text", "synthetic", None),
    "strip-pos-tags": ("switch", "false", None),
    "batch-size": ("int", "16", (1, True, None, None)),
    "val-fraction": ("decimal", "0.1", (0, False, 1, False)),
    "val-size": ("int", "256", (1, True, None, None)),
    "optimizer": ("choice", "adafactor", ["adafactor", "adamw"]),
    "lr": ("decimal", None, (0, False, None, None)),
    "lr-schedule": ("choice", "rsqrt", ["rsqrt", "cosine"]),
    "warmup-steps": ("int", "100", (0, True, None, None)),
    "warmup-fraction": ("decimal", None, (0, True, 1, False)),
    "weight-decay": ("decimal", "0", (0, True, None, None)),
    "adafactor-factored": ("negatable", "true", None),
    "sparsity": ("decimal", None, (0, True, 1, False)),
    "pattern": ("pattern", "unstructured", None),
    "prune-start": ("decimal", "0.25", (0, True, 1, True)),
    "prune-end": ("decimal", "0.75", (0, True, 1, True)),
    "prune-every": ("int", "0", (0, True, None, None)),
    "prune-embeddings": ("switch", "false", None),
    "steps": ("int", "1000", (1, True, None, None)),
    "seed": ("int", "0", None),
    "engine": ("choice", "tensorflow", ["tensorflow", "djl"]),
    "threads": ("int", "0", (0, True, None, None)),
    "xla": ("choice", "auto", ["auto", "on", "off"]),
    "checkpoint-dir": ("text", None, None),
    "checkpoint-every": ("int", "0", (0, True, None, None)),
    "result": ("text", None, None),
    "export-masks": ("text", None, None),
    "log-every": ("int", "50", (1, True, None, None)),
}
# Flags that do not change what is trained: a checkpoint resumes across them.
NOT_THE_RUN = {"checkpoint-dir", "checkpoint-every", "result", "threads", "xla", "log-every"}


class BadInput(Exception):
    """Bad input: exit 2, the message names the flag and the value."""


def parse(argv):
    given = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        if not token.startswith("--"):
            raise BadInput("unexpected argument %r: flags start with --" % token[:40])
        name, eq, inline = token[2:].partition("=")
        negated = name.startswith("no-") and FLAGS.get(name[3:], ("",))[0] == "negatable"
        key = name[3:] if negated else name
        if key not in FLAGS:
            raise BadInput("unknown flag --%s" % name[:40])
        kind = FLAGS[key][0]
        if kind in ("switch", "negatable"):
            if eq:
                raise BadInput("--%s is a switch and takes no value" % name)
            value = "false" if negated else "true"
        elif eq:
            value = inline
        elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            i += 1
            value = argv[i]
        else:
            raise BadInput("--%s needs a value" % name)
        if key in given:
            raise BadInput("--%s is given twice" % key)
        given[key] = check(key, value)
        i += 1
    return given


def check(key, value):
    kind, _, allowed = FLAGS[key]
    shown = "--%s %s" % (key, value[:40])
    if kind == "choice" and value not in allowed:
        raise BadInput("%s: must be %s" % (shown, " or ".join(allowed)))
    if kind == "text" and not value:
        raise BadInput("%s: must not be empty" % shown)
    if kind == "pattern" and value != "unstructured":
        m = NM.match(value)
        if not m or int(m.group(1)) >= int(m.group(2)):
            raise BadInput("%s: must be unstructured or n:m with 1 <= n < m <= 99" % shown)
    if kind == "int" and not INTEGER.match(value):
        raise BadInput("%s: is not a decimal integer" % shown)
    if kind == "decimal" and (not DECIMAL.match(value) or not math.isfinite(float(value))):
        raise BadInput("%s: is not a plain finite decimal such as 0.5 or 1e-3" % shown)
    if kind in ("int", "decimal") and isinstance(allowed, tuple):
        x = float(value)
        lo, lo_in, hi, hi_in = allowed
        if (lo is not None and (x < lo or (x == lo and not lo_in))) or (
            hi is not None and (x > hi or (x == hi and not hi_in))
        ):
            raise BadInput("%s: is out of range" % shown)
    return value


class Config:
    def __init__(self, given):
        self.given = given
        get = lambda k: given.get(k, FLAGS[k][1])
        self.task = get("task")
        self.depth, self.heads = int(get("depth")), int(get("heads"))
        width, scale = int(get("width")), float(get("scale"))
        # As TrainerArgs.effectiveWidth: width x sqrt(scale), rounded half up to a multiple of heads.
        self.width = width if scale == 1 else max(1, math.floor(width * math.sqrt(scale) / self.heads + 0.5)) * self.heads
        self.hidden = max(1, math.floor(float(get("mlp-ratio")) * self.width + 0.5))
        self.seq_len, self.batch = int(get("seq-len")), int(get("batch-size"))
        self.val_size, self.steps, self.seed = int(get("val-size")), int(get("steps")), int(get("seed"))
        self.optimizer = get("optimizer")
        self.lr = float(get("lr")) if "lr" in given else (1e-2 if self.optimizer == "adafactor" else 1e-3)
        self.schedule, self.warmup = get("lr-schedule"), int(get("warmup-steps"))
        if "warmup-fraction" in given:  # replaces --warmup-steps, as the built-in trainer
            self.warmup = math.floor(float(given["warmup-fraction"]) * self.steps + 0.5)
        self.weight_decay = float(get("weight-decay"))
        self.pattern = get("pattern")
        m = NM.match(self.pattern)
        self.nm = (int(m.group(1)), int(m.group(2))) if m else None
        if self.nm:
            self.pattern = "%d:%d" % self.nm
        default = 1 - self.nm[0] / self.nm[1] if self.nm else 0.0
        self.sparsity = float(given["sparsity"]) if "sparsity" in given else default
        self.prune_start, self.prune_end = float(get("prune-start")), float(get("prune-end"))
        self.prune_every = int(get("prune-every"))
        if self.prune_every == 0:  # auto: the pruning window in 10 updates, at most every 100 steps
            window = math.floor(self.prune_end * self.steps + 0.5) - math.floor(self.prune_start * self.steps + 0.5)
            self.prune_every = max(1, min(100, window // 10))
        self.prune_head = get("prune-embeddings") == "true"
        self.checkpoint_dir = given.get("checkpoint-dir")
        self.checkpoint_every = int(get("checkpoint-every"))
        self.log_every = int(get("log-every"))
        self.result = given.get("result")
        if self.result is None and os.path.isfile(TERMINATION_LOG) and os.access(TERMINATION_LOG, os.W_OK):
            self.result = TERMINATION_LOG
        # What only this trainer knows, or cannot do: bad input too.
        if self.nm and self.sparsity > 1 - self.nm[0] / self.nm[1] + 1e-9:
            raise BadInput("--sparsity %s: exceeds what pattern %s allows" % (given["sparsity"], self.pattern))
        if self.width % self.heads:
            raise BadInput("--heads %d: must divide the width (%d)" % (self.heads, self.width))
        if self.prune_end < self.prune_start:
            raise BadInput("--prune-end %s: must not be before --prune-start" % get("prune-end"))
        if get("dataset") != "synthetic":
            raise BadInput("--dataset %s: this example trains on synthetic data only" % get("dataset")[:40])
        if "export-masks" in given:
            raise BadInput("--export-masks %s: not supported by this example" % given["export-masks"][:40])
        if self.nm and (self.width % self.nm[1] or self.hidden % self.nm[1] or (self.prune_head and self.width % self.nm[1])):
            raise BadInput("--pattern %s: m does not divide the input width of every pruned matrix (%d, %d)" % (self.pattern, self.width, self.hidden))

    def run_id(self):
        return {k: v for k, v in sorted(self.given.items()) if k not in NOT_THE_RUN}


# ---- the model: residual MLP blocks h += W2 relu(W1 h), then a linear head ----

def matrix(rng, rows, cols):
    s = 1 / math.sqrt(cols)
    return [[rng.gauss(0, s) for _ in range(cols)] for _ in range(rows)]


def matvec(w, x):
    return [sum(a * b for a, b in zip(row, x)) for row in w]


def tmatvec(w, y):
    out = [0.0] * len(w[0])
    for row, g in zip(w, y):
        if g:
            for j, a in enumerate(row):
                out[j] += a * g
    return out


def init(cfg):
    rng = random.Random(cfg.seed)
    params = {}
    for b in range(cfg.depth):
        params["w1_%d" % b] = matrix(rng, cfg.hidden, cfg.width)
        params["w2_%d" % b] = matrix(rng, cfg.width, cfg.hidden)
    params["head"] = matrix(rng, CLASSES, cfg.width)
    return params


def example(rng, teacher, width):
    x = [rng.gauss(0, 1) for _ in range(width)]
    scores = matvec(teacher, x)
    return x, scores.index(max(scores))


def forward_backward(cfg, params, masks, x, label, grads):
    h, cache = x, []
    for b in range(cfg.depth):
        a = matvec(params["w1_%d" % b], h)
        r = [v if v > 0 else 0.0 for v in a]
        out = matvec(params["w2_%d" % b], r)
        cache.append((h, a, r))
        h = [u + v for u, v in zip(h, out)]
    logits = matvec(params["head"], h)
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    loss = math.log(total) - (logits[label] - top)
    if grads is None:
        return loss
    dlog = [e / total for e in exps]
    dlog[label] -= 1
    outer(grads["head"], dlog, h)
    dh = tmatvec(params["head"], dlog)
    for b in reversed(range(cfg.depth)):
        h_in, a, r = cache[b]
        outer(grads["w2_%d" % b], dh, r)
        dr = tmatvec(params["w2_%d" % b], dh)
        da = [g if v > 0 else 0.0 for g, v in zip(dr, a)]
        outer(grads["w1_%d" % b], da, h_in)
        dh = [u + v for u, v in zip(dh, tmatvec(params["w1_%d" % b], da))]
    return loss


def outer(into, y, x):
    for row, g in zip(into, y):
        if g:
            for j, v in enumerate(x):
                row[j] += g * v


# ---- pruning ----

def prunable(cfg):
    names = ["w1_%d" % b for b in range(cfg.depth)] + ["w2_%d" % b for b in range(cfg.depth)]
    return names + (["head"] if cfg.prune_head else [])


def target_at(cfg, step):
    """Cubic schedule (Zhu & Gupta) from prune-start to prune-end, the target from then on."""
    start, end = cfg.prune_start * cfg.steps, cfg.prune_end * cfg.steps
    if step < start:
        return 0.0
    if step >= end or end == start:
        return cfg.sparsity
    return cfg.sparsity * (1 - (1 - (step - start) / (end - start)) ** 3)


def mask_for(cfg, w, s):
    if cfg.nm:
        m = cfg.nm[1]
        k = int(s * m + 1e-9)  # zeros per group of m along the input axis
        mask = []
        for row in w:
            mrow = [1.0] * len(row)
            for g in range(0, len(row), m):
                for j in sorted(range(g, g + m), key=lambda j: abs(row[j]))[:k]:
                    mrow[j] = 0.0
            mask.append(mrow)
        return mask
    flat = sorted(abs(v) for row in w for v in row)
    k = int(round(s * len(flat)))
    mask = [[1.0] * len(row) for row in w]
    if k:
        order = sorted(((abs(v), i, j) for i, row in enumerate(w) for j, v in enumerate(row)))
        for _, i, j in order[:k]:
            mask[i][j] = 0.0
    return mask


def apply_masks(params, masks):
    for name, mask in masks.items():
        params[name] = [[v * keep for v, keep in zip(row, mrow)] for row, mrow in zip(params[name], mask)]


# ---- optimizer ----

def learning_rate(cfg, step):
    if cfg.warmup and step <= cfg.warmup:
        return cfg.lr * step / cfg.warmup
    if cfg.schedule == "cosine":
        span = max(1, cfg.steps - cfg.warmup)
        t = min(1.0, (step - cfg.warmup) / span)
        return cfg.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))
    return cfg.lr * math.sqrt(max(1, cfg.warmup) / max(step, 1))


def update(cfg, params, grads, state, step, masks):
    lr = learning_rate(cfg, step)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for name, w in params.items():
        g, m, v = grads[name], state["m"][name], state["v"][name]
        mask = masks.get(name)
        scale = lr
        if cfg.optimizer == "adafactor":
            rms = math.sqrt(sum(x * x for row in w for x in row) / (len(w) * len(w[0])))
            scale = lr * max(rms, 1e-3)  # relative step, as Adafactor's
        for i, row in enumerate(w):
            for j in range(len(row)):
                gij = g[i][j]
                v[i][j] = b2 * v[i][j] + (1 - b2) * gij * gij
                if cfg.optimizer == "adamw":
                    m[i][j] = b1 * m[i][j] + (1 - b1) * gij
                    step_ = (m[i][j] / (1 - b1 ** step)) / (math.sqrt(v[i][j] / (1 - b2 ** step)) + eps)
                else:
                    step_ = gij / (math.sqrt(v[i][j] / (1 - b2 ** step)) + 1e-30)
                row[j] -= scale * step_ + lr * cfg.weight_decay * row[j]
                if mask is not None and mask[i][j] == 0.0:
                    row[j] = 0.0


def zeros_like(params):
    return {n: [[0.0] * len(w[0]) for _ in w] for n, w in params.items()}


# ---- checkpoints: one JSON file, replaced atomically ----

def checkpoint_path(cfg):
    return os.path.join(cfg.checkpoint_dir, "checkpoint.json")


def save(cfg, step, params, masks, state, recent):
    os.makedirs(cfg.checkpoint_dir, exist_ok=True)
    tmp = checkpoint_path(cfg) + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"run": cfg.run_id(), "step": step, "params": params, "masks": masks,
                   "state": state, "recent": recent}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, checkpoint_path(cfg))


def load(cfg):
    if not cfg.checkpoint_dir or not os.path.isfile(checkpoint_path(cfg)):
        return None
    try:
        with open(checkpoint_path(cfg)) as f:
            ck = json.load(f)
    except (OSError, ValueError) as e:
        print("checkpoint unreadable (%s): starting from scratch" % type(e).__name__, file=sys.stderr)
        return None
    if ck.get("run") != cfg.run_id():
        raise BadInput("--checkpoint-dir %s: holds a checkpoint of a different run" % cfg.checkpoint_dir[:80])
    return ck


# ---- the run ----

def train(cfg, stop):
    started = time.time()
    teacher = matrix(random.Random(cfg.seed ^ 0x7EAC4E5), CLASSES, cfg.width)
    val_rng = random.Random(cfg.seed ^ 0x5EED)
    val = [example(val_rng, teacher, cfg.width) for _ in range(cfg.val_size)]
    ck = load(cfg)
    if ck:
        params, masks, state, recent, done = ck["params"], ck["masks"], ck["state"], ck["recent"], ck["step"]
        print("resumed from step %d" % done, file=sys.stderr)
    else:
        params, masks, recent, done = init(cfg), {}, [], 0
        state = {"m": zeros_like(params), "v": zeros_like(params)}
    first, t0 = done, time.time()
    for step in range(done + 1, cfg.steps + 1):
        rng = random.Random(cfg.seed * 1_000_003 + step)  # the batch of a step, resumed or not
        grads = zeros_like(params)
        loss = 0.0
        for _ in range(cfg.batch):
            x, label = example(rng, teacher, cfg.width)
            loss += forward_backward(cfg, params, masks, x, label, grads)
        for g in grads.values():
            for row in g:
                for j in range(len(row)):
                    row[j] /= cfg.batch
        update(cfg, params, grads, state, step, masks)
        loss /= cfg.batch
        if not math.isfinite(loss):
            print("failed: the loss diverged at step %d" % step, file=sys.stderr)
            sys.exit(FAILURE)
        recent = (recent + [loss])[-50:]
        if step % cfg.prune_every == 0 or step == cfg.steps:
            s = target_at(cfg, step)
            if s > 0:
                masks = {n: mask_for(cfg, params[n], s) for n in prunable(cfg)}
                apply_masks(params, masks)
        if step % cfg.log_every == 0:
            print("step %d/%d loss %.4f" % (step, cfg.steps, loss), file=sys.stderr, flush=True)
        if stop["requested"] and step < cfg.steps:
            if cfg.checkpoint_dir:
                save(cfg, step, params, masks, state, recent)
            print("interrupted: stopped at step %d%s" % (step, ", checkpoint written" if cfg.checkpoint_dir else ""),
                  file=sys.stderr, flush=True)
            sys.exit(STOPPED)
        if cfg.checkpoint_dir and cfg.checkpoint_every and step % cfg.checkpoint_every == 0 and step < cfg.steps:
            save(cfg, step, params, masks, state, recent)
    trained_seconds = time.time() - t0
    if cfg.checkpoint_dir:
        save(cfg, cfg.steps, params, masks, state, recent)
    val_loss = sum(forward_backward(cfg, params, masks, x, y, None) for x, y in val) / len(val)
    if not (0 < val_loss <= 100):
        print("failed: validation loss %r is not in (0, 100]" % val_loss, file=sys.stderr)
        sys.exit(FAILURE)
    block = 2 * cfg.depth * cfg.width * cfg.hidden
    head = CLASSES * cfg.width
    nonzero = sum(1 for n in params if n != "head" for row in params[n] for v in row if v != 0.0)
    examples = cfg.steps * cfg.batch
    result = {
        "v": 1, "task": cfg.task, "valLoss": val_loss, "trainLoss": min(100.0, sum(recent) / len(recent)),
        "steps": cfg.steps, "examples": examples,
    }
    if cfg.task == "lm":
        result["tokens"] = examples * cfg.seq_len
    result.update({
        "totalParams": block + head, "prunableParams": block + (head if cfg.prune_head else 0),
        "blockParams": block, "nonzeroParams": max(1, nonzero), "sparsity": cfg.sparsity,
        "achievedSparsity": 1 - max(1, nonzero) / block, "pattern": cfg.pattern,
        "wallSeconds": time.time() - started, "seed": cfg.seed, "width": cfg.width, "depth": cfg.depth,
        "heads": cfg.heads, "optimizer": cfg.optimizer, "resumedFromStep": first,
        "examplesPerSecond": (cfg.steps - first) * cfg.batch / max(trained_seconds, 1e-9),
    })
    line = json.dumps(result, separators=(",", ":"), allow_nan=False)
    if cfg.result:
        with open(cfg.result, "w") as f:
            f.write(line + "\n")
    print(line, flush=True)


def main(argv):
    stop = {"requested": False}

    def on_sigterm(signum, frame):
        stop["requested"] = True  # finish the step, checkpoint, exit 75

    signal.signal(signal.SIGTERM, on_sigterm)  # before anything is printed
    try:
        cfg = Config(parse(argv))
        train(cfg, stop)
    except BadInput as e:
        print("error: %s" % e, file=sys.stderr)
        return BAD_INPUT
    except OSError as e:
        print("failed: %s" % e, file=sys.stderr)
        return FAILURE
    return OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
