#!/usr/bin/env python3
"""The classic initialization experiment as it is usually written in PyTorch, on initlab's bundled MNIST split.

Trains the MLP 784-512-128-10 (ReLU) with zero, normal(std=0.01), Xavier normal and He (Kaiming) normal
weights and zero biases, SGD(lr=0.01, momentum=0.9), batch 64, and prints the final test accuracy per
initializer (mean and sample std over the seeds), so that a reader can set it next to

    ./initlab compare --normalize 0.5,0.5 --seeds 5

(docs/guide/implement-and-compare.md). The data are the four gzipped IDX files initlab bundles (8,004 training
and 1,996 test digits), read with the standard library and NumPy; pixels are scaled to [0, 1] as byte / 255 and
then normalized as (x - MEAN) / STD, like torchvision's ToTensor() and Normalize((MEAN,), (STD,)).

The numbers are not expected to equal initlab's digit for digit: the random streams (weights, data order)
differ between the two programs, so only the distributions over seeds are comparable.

Usage:
    python3 tools/pytorch/classic_experiment.py [--normalize 0.5,0.5] [--seeds 5] [--epochs 5]
        [--train-limit N] [--threads N]

Needs PyTorch (any version from 1.13) and NumPy; no network access, no torchvision.
"""

import argparse
import gzip
import os
import statistics
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.path.join(HERE, "..", "..", "core", "src", "main", "resources", "org", "initlab", "core", "data", "mnist")


def idx(name):
    """Reads one gzipped IDX file into a NumPy array of its shape."""
    with gzip.open(os.path.join(MNIST, name), "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split, mean, std, limit=None):
    images = idx(split + "-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    labels = idx(split + "-labels-idx1-ubyte.gz").astype(np.int64)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    images = (images - mean) / std
    return torch.from_numpy(images), torch.from_numpy(labels)


def make_model():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 128), nn.ReLU(), nn.Linear(128, 10))


def init_weights(model, kind):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if kind == "zeros":
                nn.init.zeros_(m.weight)
            elif kind == "normal(std=0.01)":
                nn.init.normal_(m.weight, mean=0.0, std=0.01)
            elif kind == "xavier-normal":
                nn.init.xavier_normal_(m.weight)
            elif kind == "he-normal":
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            else:
                raise ValueError("unknown initializer " + kind)
            nn.init.zeros_(m.bias)


def trial(kind, seed, train, test, epochs, batch):
    torch.manual_seed(seed)
    model = make_model()
    init_weights(model, kind)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = train
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), batch):
            i = order[start:start + batch]
            opt.zero_grad()
            F.cross_entropy(model(x[i]), y[i]).backward()
            opt.step()
    with torch.no_grad():
        return (model(test[0]).argmax(1) == test[1]).float().mean().item()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--normalize", default="0.5,0.5", help="MEAN,STD (default 0.5,0.5, pixels in [-1, 1]; 0,1 keeps [0, 1])")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--train-limit", type=int, default=None)
    p.add_argument("--threads", type=int, default=None)
    a = p.parse_args(argv)
    mean, std = (float(v) for v in a.normalize.split(","))
    if a.threads:
        torch.set_num_threads(a.threads)
    train = load("train", mean, std, a.train_limit)
    test = load("t10k", mean, std)
    print("PyTorch %s, %d train / %d test digits, normalize %s, %d seeds, %d epochs"
          % (torch.__version__, len(train[1]), len(test[1]), a.normalize, a.seeds, a.epochs))
    print("%-18s %s" % ("init", "test acc mean ± std (per seed)"))
    for kind in ["zeros", "normal(std=0.01)", "xavier-normal", "he-normal"]:
        acc = [trial(kind, seed, train, test, a.epochs, a.batch_size) for seed in range(a.seeds)]
        sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
        print("%-18s %6.2f%% ± %5.2f   (%s)" % (kind, 100 * statistics.mean(acc), 100 * sd,
                                              ", ".join("%.2f" % (100 * v) for v in acc)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
