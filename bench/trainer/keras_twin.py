#!/usr/bin/env python3
"""The trainer's models re-written in TensorFlow-Python (Keras layers, tf.function, AdamW), for
throughput comparison only. Same architecture as job-runner's ModelSpec: pre-LN blocks with
separate q/k/v/o Dense layers (with bias), tanh-GELU MLP, LayerNorm eps 1e-6; lm: byte embedding +
learned positions, causal attention, untied head to 256; vit: p x p patches -> Dense, learned
positions, bidirectional attention, mean pooling, head. Dense (no masks), float32, random data
prepared before timing.

Prints one JSON line: {"task","examplesPerSecond","tokensPerSecond","steps","seconds",...}.
Also: --matmul-peak measures the best GFLOP/s of a float32 matmul loop with the same threads.
"""
import argparse
import json
import math
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def gelu(x):
    return 0.5 * x * (1 + tf.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x)))


class Block(tf.keras.layers.Layer):
    def __init__(self, d, heads, mlp, causal, **kw):
        super().__init__(**kw)
        self.d, self.h, self.causal = d, heads, causal
        self.ln1 = tf.keras.layers.LayerNormalization(epsilon=1e-6)
        self.ln2 = tf.keras.layers.LayerNormalization(epsilon=1e-6)
        self.q, self.k, self.v, self.o = (tf.keras.layers.Dense(d) for _ in range(4))
        self.fc1 = tf.keras.layers.Dense(mlp)
        self.fc2 = tf.keras.layers.Dense(d)

    def call(self, x):  # x: [B, T, d]
        b, t = tf.shape(x)[0], x.shape[1]
        hd = self.d // self.h
        a = self.ln1(x)

        def split(y):
            return tf.transpose(tf.reshape(y, [b, t, self.h, hd]), [0, 2, 1, 3])

        q, k, v = split(self.q(a)), split(self.k(a)), split(self.v(a))
        s = tf.matmul(q, k, transpose_b=True) / math.sqrt(hd)
        if self.causal:
            mask = np.triu(np.full((t, t), -1e9, np.float32), 1)
            s = s + mask
        o = tf.matmul(tf.nn.softmax(s), v)
        o = tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [b, t, self.d])
        x = x + self.o(o)
        return x + self.fc2(gelu(self.fc1(self.ln2(x))))


def build(task, d, depth, heads, ratio, tokens, vocab, patch):
    blocks = [Block(d, heads, int(round(d * ratio)), task == "lm") for _ in range(depth)]
    ln = tf.keras.layers.LayerNormalization(epsilon=1e-6)
    head = tf.keras.layers.Dense(vocab)
    pos = tf.Variable(tf.random.normal([tokens, d], stddev=0.1))
    if task == "lm":
        emb = tf.keras.layers.Embedding(256, d)
    else:
        emb = tf.keras.layers.Dense(d)

    def forward(x):
        if task == "lm":
            h = emb(x) + pos
        else:
            b = tf.shape(x)[0]
            hh, ww = x.shape[1] // patch, x.shape[2] // patch
            p = tf.reshape(x, [b, hh, patch, ww, patch])
            p = tf.reshape(tf.transpose(p, [0, 1, 3, 2, 4]), [b, hh * ww, patch * patch])
            h = emb(p) + pos
        for blk in blocks:
            h = blk(h)
        h = ln(h)
        if task == "vit":
            h = tf.reduce_mean(h, axis=1)
        return head(h)

    return forward, [pos]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", default="lm")
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--heads", type=int, default=8)
    ap.add_argument("--mlp-ratio", type=float, default=4)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--image", type=int, default=28)
    ap.add_argument("--patch-size", type=int, default=4)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--matmul-peak", action="store_true")
    ap.add_argument("--xla", action="store_true",
                    help="compile the training step with XLA (tf.function(jit_compile=True))")
    a = ap.parse_args()
    tf.config.threading.set_intra_op_parallelism_threads(a.threads)
    tf.config.threading.set_inter_op_parallelism_threads(min(2, a.threads))
    if a.matmul_peak:
        n = 1024
        x = tf.random.normal([n, n])
        y = tf.random.normal([n, n])

        @tf.function
        def mm(x, y):
            return tf.reduce_sum(tf.matmul(x, y))

        mm(x, y).numpy()
        best = 0.0
        for _ in range(5):
            t0 = time.perf_counter()
            reps = 20
            for _ in range(reps):
                mm(x, y).numpy()
            best = max(best, 2 * n**3 * reps / (time.perf_counter() - t0))
        print(json.dumps({"matmulGflops": best / 1e9, "n": n, "threads": a.threads,
                          "tf": tf.__version__}))
        return
    tokens = a.seq_len if a.task == "lm" else (a.image // a.patch_size) ** 2
    vocab = 256 if a.task == "lm" else a.classes
    forward, extra = build(a.task, a.width, a.depth, a.heads, a.mlp_ratio, tokens, vocab,
                           a.patch_size)
    rng = np.random.default_rng(0)
    if a.task == "lm":
        xs = [tf.constant(rng.integers(0, 256, (a.batch_size, a.seq_len)), tf.int32)
              for _ in range(8)]
        ys = [tf.constant(rng.integers(0, 256, (a.batch_size, a.seq_len)), tf.int32)
              for _ in range(8)]
    else:
        xs = [tf.constant(rng.random((a.batch_size, a.image, a.image)), tf.float32)
              for _ in range(8)]
        ys = [tf.constant(rng.integers(0, a.classes, (a.batch_size,)), tf.int32)
              for _ in range(8)]
    opt = tf.keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=0.0)
    forward(xs[0])  # create variables
    variables = None

    @tf.function(jit_compile=a.xla)
    def step(x, y):
        with tf.GradientTape() as tape:
            logits = forward(x)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
                tf.one_hot(y, vocab), logits))
        grads = tape.gradient(loss, variables)
        opt.apply_gradients(zip(grads, variables))
        return loss

    # Trainable variables of the Keras layers plus the position table.
    variables = [v for v in tf.compat.v1.trainable_variables()] or None
    if not variables:
        # Collect through a probe tape (eager Keras layers do not register globally).
        with tf.GradientTape() as tape:
            forward(xs[0])
        variables = list({id(v): v for v in tape.watched_variables()}.values())
    for i in range(a.warmup):
        step(xs[i % 8], ys[i % 8]).numpy()
    t0 = time.perf_counter()
    for i in range(a.steps):
        loss = step(xs[i % 8], ys[i % 8])
    loss.numpy()
    secs = time.perf_counter() - t0
    eps = a.steps * a.batch_size / secs
    n_params = int(sum(np.prod(v.shape) for v in variables))
    print(json.dumps({"task": a.task, "examplesPerSecond": eps,
                      "tokensPerSecond": eps * a.seq_len if a.task == "lm" else 0,
                      "steps": a.steps, "seconds": secs, "params": n_params,
                      "threads": a.threads, "xla": a.xla, "tf": tf.__version__}))


if __name__ == "__main__":
    main()
