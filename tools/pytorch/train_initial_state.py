"""Trains, in PyTorch, a model that `initlab init` wrote: the cross-check of a `compare` run on the same start.

    python3 tools/pytorch/train_initial_state.py --model SPEC --init SPEC [--seed N] [--epochs 3] [--train-limit 4000]

It runs `./initlab init --model SPEC --init SPEC --seed N --print-pytorch` into a temporary directory, builds the
printed `nn.Module`, loads the written safetensors file with `load_state_dict(strict=True)` (read by hand, so the
`safetensors` package is not needed), and trains it as `compare` does by default: `sgd(lr=0.01, momentum=0.9)`,
batch 64, inputs in [0, 1], on the first `--train-limit` digits of initlab's bundled training split, evaluating
on its test split after every epoch. The data order is PyTorch's own shuffle, so the numbers match `compare`'s
trajectory, not its digits. Needs PyTorch (Debian's python3-torch 1.13 is enough for these layers).
"""
import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from classic_experiment import load  # noqa: E402  (the bundled split, read as the classic experiment reads it)


def read_safetensors(path):
    """The tensors of a safetensors file, read from its header (8-byte length, JSON) and its data."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = {"F32": torch.float32, "I64": torch.int64}[entry["dtype"]]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=dtype).reshape(entry["shape"]).clone()
    return tensors


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True)
    p.add_argument("--init", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--train-limit", type=int, default=4000)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    with tempfile.TemporaryDirectory() as tmp:
        weights = os.path.join(tmp, "init.safetensors")
        listing = subprocess.run([os.path.join(HERE, "..", "..", "initlab"), "init", "--model", a.model, "--init",
                                  a.init, "--seed", str(a.seed), "--out", weights, "--print-pytorch"],
                                 check=True, capture_output=True, text=True).stdout
        source = listing[listing.index("import torch"):].replace("from safetensors.torch import load_file", "")
        source = re.sub(r'load_file\("[^"]*"\)', "load_file(%r)" % weights, source)
        scope = {"load_file": read_safetensors}
        exec(source, scope)  # builds `model` and loads the file with strict=True
        model = scope["model"]
    shape = (-1,) + tuple(int(s) for s in re.match(r"cnn:(\d+)x(\d+)x(\d+)", a.model).groups()) \
        if a.model.startswith("cnn:") and "x" in a.model.split("-")[0] else (-1, 784)
    x_train, y_train = load("train", 0.0, 1.0, a.train_limit)
    x_test, y_test = load("t10k", 0.0, 1.0)
    x_train, x_test = x_train.reshape(shape), x_test.reshape(shape)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    generator = torch.Generator().manual_seed(a.seed)
    print(f"PyTorch {torch.__version__}: {a.model}, {a.init}, seed {a.seed}, {len(x_train)} training digits")
    for epoch in range(1, a.epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        total, batches = 0.0, 0
        for i in range(0, len(x_train), 64):
            batch = order[i:i + 64]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
            total, batches = total + loss.item(), batches + 1
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(f"epoch {epoch}: train loss {total / batches:.3f}, test accuracy {100 * accuracy:.2f}%")


if __name__ == "__main__":
    main()
