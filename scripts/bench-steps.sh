#!/usr/bin/env bash
# SGD-step benchmarks (JMH, the benchmarks module, package io.sparkrl.bench.steps): one critic and one
# actor step of the default vector and image networks at batch 256 (the vector ones also by
# DenseStepper, *DenseStep, the image ones by ConvStepper, *ConvStep: what AwrLearner runs), each
# next to its floor (the same step's matrix products alone), and one AwrLearner.train call on a
# 2048-row batch (1200 steps). One BLAS/OpenMP thread. Builds the benchmarks when missing or older
# than a source.
#   BENCH=regex  only the matching benchmarks (default: all)   FORKS=n  JMH forks (default 1)
#   WARMUP=n ITERATIONS=n  override the warmup/measurement iteration counts of the annotations
#   JMH_ARGS="..."  any further JMH options
# Results: bench/steps.json (JMH JSON) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/bench/steps.json"

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
jmh=(-f "${FORKS:-1}" -rf json -rff "$results")
[[ -n "${WARMUP:-}" ]] && jmh+=(-wi "$WARMUP")
[[ -n "${ITERATIONS:-}" ]] && jmh+=(-i "$ITERATIONS")
read -r -a extra <<< "${JMH_ARGS:-}"
mkdir -p "$root/bench"

"$root/scripts/bench-java" org.openjdk.jmh.Main "${jmh[@]}" "${extra[@]}" \
  "${BENCH:-io.sparkrl.bench.steps.}"

python3 - "$results" <<'PY'
import json, re, statistics, sys
runs = json.load(open(sys.argv[1]))
def stats(r):
    raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
    return statistics.median(raw), min(raw), max(raw)
by_name = {r["benchmark"].rsplit(".", 1)[1]: r for r in runs}
print("\n| step | time/op (median, min–max) | floor (median, min–max) | ratio |")
print("|---|---:|---:|---:|")
for name, r in by_name.items():
    if not name.endswith("Step"):
        continue
    m, lo, hi = stats(r)
    unit = r["primaryMetric"]["scoreUnit"]
    line = f"| {name[:-4]} | {m:.3f} ({lo:.3f}–{hi:.3f}) {unit} |"
    # vectorCriticDenseStep and imageCriticConvStep share their *Step's floor
    floor = by_name.get(re.match(r"[a-z]+[A-Z][a-z]+", name).group(0) + "Floor")
    if floor:
        fm, flo, fhi = stats(floor)
        line += f" {fm:.3f} ({flo:.3f}–{fhi:.3f}) {unit} | {m / fm:.2f} |"
    else:
        line += " | |"
    print(line)
train = by_name.get("train2048")
if train:
    m, lo, hi = stats(train)
    unit = train["primaryMetric"]["scoreUnit"]
    print(f"\ntrain (2048 rows, 1200 steps): {m:.0f} ({lo:.0f}–{hi:.0f}) {unit} per call, "
          f"{m / 1200:.3f} {unit} per step")
PY
