#!/usr/bin/env bash
# Regenerates the guide's outputs: reruns every ./initlab command that a page of docs/guide/ quotes, writes
# each command's stdout to docs/guide/output/<name>.txt and copies the few plots the pages embed from the
# commands' --out directories (under target/guide/) to docs/guide/figures/.
#
#   docs/guide/generate.sh            # everything (about 10 minutes on an idle 2-core machine)
#   docs/guide/generate.sh wrong-     # only the outputs whose name starts with "wrong-"
#   docs/guide/generate.sh paste-only # no command matches: only paste output/ into the pages again
#
# At the end the outputs are pasted into the pages (the ```text block after each <!-- output: NAME -->
# marker). Numbers quoted in the prose are not updated: after a run, review `git diff docs/guide` and fix
# the sentences whose numbers changed. Timings in compare tables vary between runs and
# machines; everything else is deterministic for a given seed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
guide=docs/guide
out=$guide/output
figures=$guide/figures
work=target/guide
prefix="${1:-}"
mkdir -p "$out" "$figures" "$work"

# run NAME COMMAND...: run one documented command (the exact argv the page quotes), stdout to output/NAME.txt;
# an --out directory under target/guide/ is emptied first, so every run starts fresh
run() {
  local name=$1
  shift
  [[ -z $prefix || $name == "$prefix"* ]] || return 0
  local previous=""
  for arg in "$@"; do
    if [[ $previous == --out && $arg == target/guide/* ]]; then
      rm -rf "$arg"
    fi
    previous=$arg
  done
  echo "== $name: $*" >&2
  local start=$SECONDS
  if ! "$@" >"$out/$name.txt" 2>"$work/$name.stderr"; then
    echo "FAILED: $name" >&2
    cat "$work/$name.stderr" >&2
    exit 1
  fi
  echo "   $((SECONDS - start)) s" >&2
}

# fails NAME COMMAND...: a documented bad input: the command must fail; its stderr and exit code go to
# output/NAME.txt (a command that succeeds stops the script)
fails() {
  local name=$1
  shift
  [[ -z $prefix || $name == "$prefix"* ]] || return 0
  echo "== $name (must fail): $*" >&2
  local rc=0
  "$@" >"$work/$name.stdout" 2>"$out/$name.txt" || rc=$?
  if [[ $rc == 0 ]]; then
    echo "FAILED: $name succeeded but the page shows it failing" >&2
    exit 1
  fi
  echo "(exit code $rc)" >>"$out/$name.txt"
}

# welch NAME DIR: the pairwise Welch t-test table of DIR/report.md (written by the compare run just before)
# to output/NAME.txt
welch() {
  [[ -z $prefix || $1 == "$prefix"* ]] || return 0
  awk '/^## Pairwise significance/ { on = 1; next } /^## / { on = 0 } on && /^\|/' "$2/report.md" >"$out/$1.txt"
}

# figure NAME SOURCE: copy a plot written by an --out directory into figures/
figure() {
  [[ -z $prefix || $1 == "$prefix"* ]] || return 0
  cp "$2" "$figures/$1"
}

# sweep_table NAME DIR: the mean test accuracy of every grid point of DIR/sweep_points.csv as a depth x sw
# table (rows and columns in the grid's order) to output/NAME.txt
sweep_table() {
  [[ -z $prefix || $1 == "$prefix"* ]] || return 0
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { d = $col["depth"]; s = $col["sw"]; v[d, s] = $col["test_accuracy_mean"]
      if (!(d in seen_d)) { seen_d[d] = 1; ds[++nd] = d }
      if (!(s in seen_s)) { seen_s[s] = 1; ss[++ns] = s } }
    END { printf "%-16s", "depth \\ sigma_w"; for (j = 1; j <= ns; j++) printf "%7s", ss[j]; print ""
          for (i = 1; i <= nd; i++) { printf "%-16s", ds[i]; for (j = 1; j <= ns; j++) printf "%7.3f", v[ds[i], ss[j]]; print "" } }' \
    "$2/sweep_points.csv" >"$out/$1.txt"
}

# report_png NAME DIR K: the K-th inline PNG of DIR/report.html (a sweep report's charts) to figures/NAME
report_png() {
  [[ -z $prefix || $1 == "$prefix"* ]] || return 0
  grep -o 'base64,[^"]*' "$2/report.html" | sed -n "$3p" | cut -d, -f2 | base64 -d >"$figures/$1"
}

# best_table NAME DIR: the best x of every line of DIR/sweep_best.csv (a sweep with a panel plot), one row per
# panel and line, then the shift of log2 of the best x per doubling of y of every panel, to output/NAME.txt
best_table() {
  [[ -z $prefix || $1 == "$prefix"* ]] || return 0
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR == 2 { printf "%-16s %7s  %-14s %s\n", $col["panel_axis"], $col["y_axis"], "best " $col["x_axis"], $col["value"] }
    { p = $col["panel"]; if (!(p in shift)) { ps[++np] = p; shift[p] = $col["shift_per_doubling"] }
      printf "%-16s %7s  %-14s %s\n", p, $col["y"], $col["best_x"], $col["best_value"]
      y = $col["y_axis"]; x = $col["x_axis"] }
    END { printf "shift of log2(best %s) per doubling of %s:", x, y
          for (i = 1; i <= np; i++) printf " %s %s%s", ps[i], shift[ps[i]], i < np ? "," : ""; print "" }' \
    "$2/sweep_best.csv" >"$out/$1.txt"
}

# blocks NAME SOURCE: the header, the "== init" lines, the transformer-block table and the verdicts of the
# inspect output output/SOURCE.txt, without the per-layer table, to output/NAME.txt
blocks() {
  [[ -z $prefix || $1 == "$prefix"* ]] || return 0
  awk '/^initlab inspect:/ || /^== / || /^$/ { on = 0; print; next }
    /^transformer blocks/ { on = 1 } on || /verdict:/ || /^recommendation:/ { print }' "$out/$2.txt" >"$out/$1.txt"
}

# pytorch NAME COMMAND...: like run, for the PyTorch cross-checks; only where python3 can import torch (the
# build and the tests never need it); elsewhere the pages keep the blocks pasted last time
pytorch() {
  local name=$1
  [[ -z $prefix || $name == "$prefix"* ]] || return 0
  if python3 -c 'import torch' 2>/dev/null; then
    run "$@"
  else
    rm -f "$out/$name.txt"
    echo "== $name: skipped, python3 cannot import torch (the page keeps its block)" >&2
  fi
}

total_start=$SECONDS
# the launcher builds the app first if needed; do it before timing the commands
./initlab --version >/dev/null

# 1. why-initialize-carefully.md
run why-inspect ./initlab inspect
run why-compare ./initlab compare --quiet --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/why-compare
welch why-compare-welch target/guide/why-compare
figure why-compare-accuracy.png target/guide/why-compare/accuracy.png

# 2. what-goes-wrong.md
run wrong-tanh ./initlab inspect --model mlp:500-500x10-10:tanh --init 'normal(std=0.01),lecun-normal,normal(std=1)' --input gaussian --out target/guide/wrong-tanh
figure wrong-tanh-forward.png target/guide/wrong-tanh/forward.png
figure wrong-tanh-backward.png target/guide/wrong-tanh/backward.png
run wrong-relu ./initlab inspect --model mlp:784-256x6-10:relu --init 'normal(std=0.01),normal(std=0.2),he-normal'
run wrong-dead ./initlab inspect --init he-normal --bias-init 'constant(-1)'
run wrong-compare ./initlab compare --quiet --model mlp:784-256x5-10:tanh --init 'normal(std=0.01),xavier-normal,normal(std=1)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/wrong-compare
welch wrong-compare-welch target/guide/wrong-compare
run wrong-dead-compare ./initlab compare --quiet --init he-normal --bias-init 'constant(-1)' --epochs 3 --seeds 5 --train-limit 4000

# 3. variance.md
run variance-linear ./initlab inspect --model mlp:256-1024-256-64-16:identity --init 'lecun-normal,he-normal(mode=fan_out, nonlinearity=linear),xavier-normal' --input gaussian
run variance-depth ./initlab inspect --model mlp:500-500x30-10:relu --init 'xavier-normal,he-normal' --input gaussian --out target/guide/variance-depth
figure variance-depth-forward.png target/guide/variance-depth/forward.png

# 4. zero-initialization.md
run zero-inspect ./initlab inspect --init 'zeros,constant(0.05),zero-init,he-normal'
run zero-compare ./initlab compare --quiet --init 'zeros,constant(0.05),zero-init,he-normal' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/zero-compare
welch zero-compare-welch target/guide/zero-compare
run zero-default ./initlab compare --quiet --init 'zeros,pytorch-default' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/zero-default
welch zero-default-welch target/guide/zero-default
run zero-last-layer ./initlab compare --quiet --init he-normal --init-rule '4.weight=zeros' --epochs 3 --seeds 5 --train-limit 4000
run zero-bias ./initlab compare --quiet --init he-normal --bias-init 'constant(0.1)' --epochs 3 --seeds 5 --train-limit 4000

# 5. tuning-random-initialization.md
run tuning-scale ./initlab inspect --model mlp:784-256x5-10:tanh --init 'normal(std=0.01),normal(std=0.06),normal(std=0.3)'
run tuning-lsuv ./initlab inspect --model mlp:784-256x5-10:tanh --init 'lsuv(pre=normal(std=0.01)),lsuv'
run tuning-compare ./initlab compare --quiet --model mlp:784-256x5-10:tanh --init 'normal(std=0.01),normal(std=0.06),lsuv(pre=normal(std=0.01)),lecun-normal,xavier-normal(gain=1.6667)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/tuning-compare
welch tuning-compare-welch target/guide/tuning-compare
run tuning-deep ./initlab compare --quiet --model mlp:784-256x30-10:tanh --init 'lecun-normal,xavier-normal(gain=1.6667)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/tuning-deep
welch tuning-deep-welch target/guide/tuning-deep

# 6. xavier-glorot.md
run xavier-uniform-sample ./initlab sample --init xavier-uniform --shape 256,784
run xavier-normal-sample ./initlab sample --init xavier-normal --shape 256,784
run xavier-tanh ./initlab inspect --model mlp:784-256x8-10:tanh --init 'xavier-normal,xavier-normal(gain=0.7071),xavier-normal(gain=1.6667)' --input gaussian
run xavier-compare ./initlab compare --quiet --model mlp:784-256x4-10:tanh --init 'xavier-uniform,xavier-normal,xavier-normal(gain=0.7071),xavier-normal(gain=1.6667)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/xavier-compare
welch xavier-compare-welch target/guide/xavier-compare

# 7. he-initialization.md
run he-sample ./initlab sample --init he-normal --shape 256,784
run he-sample-fan-out ./initlab sample --init 'he-normal(mode=fan_out)' --shape 256,784
run he-sample-leaky ./initlab sample --init 'he-normal(a=0.2)' --shape 256,784
run he-deep ./initlab inspect --model mlp:784-256x12-10:relu --init 'xavier-normal,he-normal,variance-scaling(scale=4, distribution=untruncated_normal)'
run he-compare ./initlab compare --quiet --model mlp:784-256x8-10:relu --init 'xavier-normal,he-normal,variance-scaling(scale=4, distribution=untruncated_normal)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/he-compare
welch he-compare-welch target/guide/he-compare
figure he-compare-accuracy.png target/guide/he-compare/accuracy.png
run he-gelu ./initlab inspect --model mlp:784-256x8-10:gelu --init 'he-normal,variance-scaling(scale=2.352, distribution=untruncated_normal)' --init-rule '0.weight=lecun-normal' --input gaussian
run he-elu ./initlab inspect --model mlp:784-256x8-10:elu --init 'he-normal,variance-scaling(scale=1.551, distribution=untruncated_normal)' --init-rule '0.weight=lecun-normal' --input gaussian

# 8. choosing.md
run choose-pytorch-default ./initlab sample --init pytorch-default --shape 512,784
run choose-keras-he ./initlab sample --init 'variance-scaling(scale=2)' --shape 512,784
run choose-selu ./initlab inspect --model mlp:784-256x8-10:selu --init 'lecun-normal,he-normal,xavier-normal'
run choose-deep ./initlab compare --quiet --model mlp:784-512x30-10:relu --init 'normal(std=0.01),xavier-normal,he-normal,orthogonal(gain=1.4142)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/choose-deep
welch choose-deep-welch target/guide/choose-deep
run choose-conv-sample ./initlab sample --init he-normal --shape 32,16,5,5
run choose-conv-inspect ./initlab inspect --model cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu --init 'pytorch-default,xavier-normal,he-normal'
run choose-conv-compare ./initlab compare --quiet --model cnn:1x28x28-c6k5p2-p2-c16k5-p2-f120-f84-10:relu --init 'zeros,pytorch-default,xavier-normal,he-normal' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/choose-conv-compare
welch choose-conv-compare-welch target/guide/choose-conv-compare
run choose-bn-inspect ./initlab inspect --model cnn:784-f256x8-bn-10:relu --init 'normal(std=0.01),he-normal,normal(std=1)'
run choose-nobn-compare ./initlab compare --quiet --model mlp:784-256x8-10:relu --init 'normal(std=0.01),he-normal,normal(std=1)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/choose-nobn-compare
welch choose-nobn-compare-welch target/guide/choose-nobn-compare
run choose-bn-compare ./initlab compare --quiet --model cnn:784-f256x8-bn-10:relu --init 'normal(std=0.01),he-normal,normal(std=1)' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/choose-bn-compare
welch choose-bn-compare-welch target/guide/choose-bn-compare
run choose-compare ./initlab compare --quiet --init 'pytorch-default,keras-default,he-normal,orthogonal(gain=1.4142),lecun-normal' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/choose-compare
welch choose-compare-welch target/guide/choose-compare
run choose-small-data ./initlab compare --quiet --init 'normal(std=0.01),pytorch-default,he-normal' --epochs 10 --seeds 5 --train-limit 500 --out target/guide/choose-small-data
welch choose-small-data-welch target/guide/choose-small-data
run choose-save ./initlab compare --quiet --init he-normal --seeds 1 --epochs 2 --train-limit 4000 --save-weights target/guide/weights
run choose-pretrained ./initlab compare --quiet --init 'pretrained(path=target/guide/weights/he-normal_seed0.safetensors, missing=he-normal),he-normal' --seeds 5 --epochs 1 --train-limit 500 --out target/guide/choose-pretrained
welch choose-pretrained-welch target/guide/choose-pretrained

# 9. implement-and-compare.md
run implement-inspect ./initlab inspect --normalize 0.5,0.5
run implement-compare-01 ./initlab compare --quiet --seeds 5 --out target/guide/implement-compare-01
welch implement-compare-01-welch target/guide/implement-compare-01
run implement-compare ./initlab compare --quiet --normalize 0.5,0.5 --seeds 5 --out target/guide/implement-compare
welch implement-compare-welch target/guide/implement-compare
pytorch implement-pytorch-m1p1 python3 tools/pytorch/classic_experiment.py --normalize 0.5,0.5 --seeds 5 --threads 1
pytorch implement-pytorch-01 python3 tools/pytorch/classic_experiment.py --normalize 0,1 --seeds 5 --threads 1

# 10. sweeps.md
run sweep-phase ./initlab sweep -f examples/sweeps/phase-diagram.yaml --quiet --out target/guide/sweep-phase
sweep_table sweep-phase-table target/guide/sweep-phase
report_png phase-diagram.png target/guide/sweep-phase 1
report_png phase-diagram-lines.png target/guide/sweep-phase 2

# 11. residual-networks.md
run res-inspect ./initlab inspect --model 'mlp:784-128-pre[128-128-fixup]x8-10' --init 'he-normal,fixup,skipinit'
run res-mlp-compare ./initlab compare --quiet --model 'mlp:784-128-pre[128-128-fixup]x50-10' --init 'he-normal,fixup,skipinit,rezero' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/res-mlp-compare
welch res-mlp-compare-welch target/guide/res-mlp-compare
run res-ln-inspect ./initlab inspect --model 'mlp:784-128-pre[128-ln-128-ln]x16-10' --init he-normal
run res-ln-nofinal ./initlab compare --quiet --model 'mlp:784-128-pre[128-ln-128-ln]x50-10' --init he-normal --epochs 3 --seeds 5 --train-limit 4000
run res-ln-compare ./initlab compare --quiet --model 'mlp:784-128-pre[128-ln-128-ln-alpha]x50-128-ln-10' --init 'he-normal,skipinit' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/res-ln-compare
welch res-ln-compare-welch target/guide/res-ln-compare
run res-resnet20-compare ./initlab compare --quiet --model 'cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-[c32k3s2p1-bn-c32k3p1-bn]-[c32k3p1-bn-c32k3p1-bn]x2-[c64k3s2p1-bn-c64k3p1-bn]-[c64k3p1-bn-c64k3p1-bn]x2-gap-10:relu' --init 'he-normal,zero-gamma' --epochs 3 --seeds 5 --train-limit 4000 --out target/guide/res-resnet20-compare
welch res-resnet20-compare-welch target/guide/res-resnet20-compare
pytorch res-resnet20-pytorch python3 tools/pytorch/train_initial_state.py --model 'cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-[c32k3s2p1-bn-c32k3p1-bn]-[c32k3p1-bn-c32k3p1-bn]x2-[c64k3s2p1-bn-c64k3p1-bn]-[c64k3p1-bn-c64k3p1-bn]x2-gap-10:relu' --init zero-gamma
fails res-fixup-plain ./initlab compare --quiet --model mlp:784-128-10 --init fixup
fails res-rezero-norm ./initlab compare --quiet --model 'mlp:784-128-pre[128-ln-128-ln-alpha]x50-10' --init rezero

# 12. transformers.md (every ViT on 2,000 training digits, the first 1,000 test digits, Adam at lr 3e-3)
run vit-inspect-post ./initlab inspect --model vit:1x28x28-p14-d32-h4-L24-post-10 --init 'pytorch-default,gpt2'
blocks vit-inspect-post-blocks vit-inspect-post
run vit-inspect-pre ./initlab inspect --model vit:1x28x28-p14-d32-h4-L24-pre-10 --init 'pytorch-default,small-embedding'
blocks vit-inspect-pre-blocks vit-inspect-pre
run vit-inspect-nonorm ./initlab inspect --model vit:1x28x28-p14-d32-h4-L24-nonorm-10 --init 'pytorch-default,t-fixup'
blocks vit-inspect-nonorm-blocks vit-inspect-nonorm
run vit-inspect-deepnorm ./initlab inspect --model vit:1x28x28-p14-d32-h4-L24-post-deepnorm-10 --init deepnorm
blocks vit-inspect-deepnorm-blocks vit-inspect-deepnorm
run vit-l6-post ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L6-post-10 --init 'pytorch-default,gpt2' --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000 --out target/guide/vit-l6-post
welch vit-l6-post-welch target/guide/vit-l6-post
run vit-l6-post-warmup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L6-post-10 --init 'pytorch-default,gpt2' --optimizer 'adam(lr=3e-3, warmup=90)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000 --out target/guide/vit-l6-post-warmup
welch vit-l6-post-warmup-welch target/guide/vit-l6-post-warmup
run vit-l6-deepnorm ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L6-post-deepnorm-10 --init deepnorm --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
run vit-l6-deepnorm-warmup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L6-post-deepnorm-10 --init deepnorm --optimizer 'adam(lr=3e-3, warmup=90)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
run vit-l6-tfixup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L6-nonorm-10 --init t-fixup --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
run vit-l6-tfixup-warmup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L6-nonorm-10 --init t-fixup --optimizer 'adam(lr=3e-3, warmup=90)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
run vit-l24-post ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-post-10 --init 'pytorch-default,gpt2' --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000 --out target/guide/vit-l24-post
welch vit-l24-post-welch target/guide/vit-l24-post
run vit-l24-post-warmup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-post-10 --init 'pytorch-default,gpt2' --optimizer 'adam(lr=3e-3, warmup=90)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000 --out target/guide/vit-l24-post-warmup
welch vit-l24-post-warmup-welch target/guide/vit-l24-post-warmup
run vit-l24-pre ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-pre-10 --init 'pytorch-default,gpt2' --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000 --out target/guide/vit-l24-pre
welch vit-l24-pre-welch target/guide/vit-l24-pre
run vit-l24-deepnorm ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-post-deepnorm-10 --init deepnorm --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
run vit-l24-deepnorm-warmup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-post-deepnorm-10 --init deepnorm --optimizer 'adam(lr=3e-3, warmup=90)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
run vit-l24-tfixup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-nonorm-10 --init 'pytorch-default,t-fixup' --optimizer 'adam(lr=3e-3)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000 --out target/guide/vit-l24-tfixup
welch vit-l24-tfixup-welch target/guide/vit-l24-tfixup
run vit-l24-tfixup-warmup ./initlab compare --quiet --model vit:1x28x28-p14-d32-h4-L24-nonorm-10 --init t-fixup --optimizer 'adam(lr=3e-3, warmup=90)' --epochs 3 --seeds 5 --train-limit 2000 --test-limit 1000
fails vit-tfixup-mlp ./initlab compare --quiet --model mlp:784-128-10 --init t-fixup
fails vit-patch ./initlab inspect --model vit:1x28x28-p5-d32-h4-L6-10
fails vit-heads ./initlab inspect --model vit:1x28x28-p7-d30-h4-L6-10

# 13. width-and-parametrization.md
run width-coord-sp ./initlab coord-check --out target/guide/width-coord-sp
report_png width-coord-sp-logits.png target/guide/width-coord-sp 5
run width-coord-mup ./initlab coord-check --parametrization 'mup(base_width=64)' --out target/guide/width-coord-mup
report_png width-coord-mup-logits.png target/guide/width-coord-mup 5
run width-coord-ntk ./initlab coord-check --parametrization 'ntk(base_width=64)' --out target/guide/width-coord-ntk
run width-transfer ./initlab sweep -f examples/sweeps/lr-transfer.yaml --quiet --out target/guide/width-transfer
best_table width-transfer-best target/guide/width-transfer
report_png width-transfer.png target/guide/width-transfer 1
fails width-bad-cnn ./initlab compare --quiet --model 'cnn:1x28x28-c8k3p1-bn-gap-10' --parametrization 'mup(base_width=8)'
fails width-bad-name ./initlab compare --quiet --model mlp:784-128-10 --parametrization mu-p
fails width-bad-base ./initlab compare --quiet --model mlp:784-256-256-10 --parametrization mup

# paste every output into the pages: the ```text block right after a line <!-- output: NAME --> is replaced
# by output/NAME.txt, and kept when there is no such file (numbers quoted in the prose still have to be
# checked by hand)
for page in "$guide"/*.md; do
  awk -v dir="$out" '
    skipping && /^```/ { skipping = 0; next }
    skipping { next }
    pending && /^```text/ { skipping = 1; pending = 0; next }
    pending { pending = 0 }
    { print }
    /^<!-- output: [A-Za-z0-9._-]+ -->$/ {
      name = $3; file = dir "/" name ".txt"
      r = (getline line < file)
      if (r < 0) next   # no output of that name (an optional command that did not run): the block stays
      print "```text"
      while (r > 0) { print line; r = (getline line < file) }
      close(file)
      print "```"
      pending = 1
    }
  ' "$page" >"$work/page.tmp"
  cat "$work/page.tmp" >"$page"
done

echo "done in $((SECONDS - total_start)) s; figures: $(du -ch "$figures"/*.png | tail -1 | cut -f1)" >&2
