"""Checks that the PyTorch module `initlab init --print-pytorch` prints computes initlab's forward pass.

    /usr/bin/python3 tools/pytorch/check_forward.py [--digits 16] [--init xavier-uniform] [MODEL ...]

For each model spec (default: small vision transformers in every block form: pre-LN, post-LN, no LayerNorm,
DeepNorm, causal, mean pooling) it writes the initial state with `./initlab init --out` (safetensors), builds the
printed `nn.Module`, loads the file with `load_state_dict(strict=True)` (read by hand, so the `safetensors`
package is not needed), runs the first `--digits` bundled training digits through it in eval mode, and compares
its logits with those of initlab's host network (tools/pytorch/HostLogits.java, double precision) on the same file
and digits. Prints the largest absolute difference per model, in float32 and with the module in float64; exits 1
when a float64 difference exceeds 1e-6 or a float32 one 1e-4. (In float64 the models without GELU agree to
~1e-15; GELU models to ~1e-8, because the host computes erf with Numerical Recipes' erfc approximation, relative
error below 1.2e-7, where PyTorch's GELU uses the exact erf.) Needs PyTorch (Debian's python3-torch 1.13 is
enough) and the built app (`./initlab` builds it). Not part of the build or CI.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from classic_experiment import load  # noqa: E402
from train_initial_state import read_safetensors  # noqa: E402

MODELS = [
    "vit:1x28x28-p7-d16-h2-L2-10",
    "vit:1x28x28-p7-d16-h2-L2-post-10",
    "vit:1x28x28-p7-d16-h2-L2-nonorm-10",
    "vit:1x28x28-p7-d16-h2-L3-post-deepnorm-10",
    "vit:1x28x28-p7-d16-h4-L2-ff24-causal-10:relu",
    "vit:1x28x28-p14-d12-h3-L2-mean-10",
    "vit:1x28x28-p7-d16-h2-L2-post-deepnorm-causal-mean-10:tanh",
]
# every tensor away from its usual start, so that a parameter read from the wrong place shows
RULES = ["*.class_token=normal(std=0.5)", "*.pos_embedding=normal(std=0.5)", "*norm*.weight=normal(std=1)",
         "*norm*.bias=normal(std=0.5)"]


def printed_model(model, init, seed, weights):
    command = [os.path.join(ROOT, "initlab"), "init", "--model", model, "--init", init, "--bias-init",
               "normal(std=0.1)", "--seed", str(seed), "--out", weights, "--print-pytorch"]
    for rule in RULES:
        command += ["--init-rule", rule]
    listing = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    source = listing[listing.index("import torch"):].replace("from safetensors.torch import load_file", "")
    source = re.sub(r'load_file\("[^"]*"\)', "load_file(%r)" % weights, source)
    scope = {"load_file": read_safetensors}
    exec(source, scope)  # builds `model` and loads the file with strict=True
    return scope["model"]


def host_logits(model, weights, inputs, tmp):
    raw, out = os.path.join(tmp, "inputs.f32"), os.path.join(tmp, "logits.f64")
    inputs.numpy().astype("<f4").tofile(raw)
    classpath = os.pathsep.join([os.path.join(ROOT, "app", "target", "initlab-app.jar")]
                                + sorted(glob.glob(os.path.join(ROOT, "app", "target", "lib", "*.jar"))))
    subprocess.run(["java", "-cp", classpath, os.path.join(HERE, "HostLogits.java"), model, weights, raw,
                    str(len(inputs)), out], check=True)
    return torch.from_numpy(np.fromfile(out, dtype="<f8").reshape(len(inputs), -1))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("models", nargs="*", default=MODELS)
    p.add_argument("--init", default="xavier-uniform")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--digits", type=int, default=16)
    a = p.parse_args()
    torch.set_num_threads(1)
    x, _ = load("train", 0.0, 1.0, a.digits)
    failed = False
    print(f"PyTorch {torch.__version__}, {a.init}, {a.digits} digits: max |logit difference| against initlab's host")
    for model in a.models:
        c, h, w = (int(s) for s in re.match(r"vit:(\d+)x(\d+)x(\d+)", model).groups())
        with tempfile.TemporaryDirectory() as tmp:
            weights = os.path.join(tmp, "init.safetensors")
            module = printed_model(model, a.init, a.seed, weights).eval()
            expected = host_logits(model, weights, x, tmp)
        with torch.no_grad():
            single = (module(x.reshape(-1, c, h, w)).double() - expected).abs().max().item()
            double = (module.double()(x.double().reshape(-1, c, h, w)) - expected).abs().max().item()
        scale = expected.abs().max().item()
        ok = double <= 1e-6 and single <= 1e-4
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {model}: float32 {single:.3g}, float64 {double:.3g} (max |logit| {scale:.3g})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
