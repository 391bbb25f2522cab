#!/usr/bin/env bash
# One whole CartPole epoch on one core, as a user runs it (fresh JVMs, JIT warm-up and Spark's start
# included, nothing extrapolated), d3rlpy's defaults (conf/cartpole.json: 48 iterations of 200+1000
# SGD steps on about TRANSITIONS generated mixed transitions): single-process DiscreteAWR.fit
# (FitEpochBenchmark) and `sparkrl train --master local[1] --set job.workers=1`, one after the
# other in each of REPEATS rounds so that both see the same machine. One BLAS thread.
#   REPEATS=5 TRANSITIONS=100000 scripts/bench-epoch.sh
#   SPARKRL_BLAS=openblas|mkl  both runs with the products on ND4J's OpenBLAS or on Intel MKL
#                     (builds with -Pmkl) instead of oneDNN
# Results: bench/epoch.jsonl (one JSON object per run, appended) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
transitions="${TRANSITIONS:-100000}"
repeats="${REPEATS:-5}"
work="$root/bench/work/epoch"
data="$work/cartpole-$transitions"
results="$root/bench/epoch.jsonl"
mkdir -p "$work"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

"$root/scripts/bench-java" --build
"$root/scripts/sparkrl" --help > /dev/null # builds the launcher's jar now, not inside a timed run
lines=()
for ((r = 0; r < repeats; r++)); do
  line="$("$root/scripts/bench-java" io.sparkrl.bench.FitEpochBenchmark "$data" "$work/fit" \
    "$transitions" | grep '"benchmark":"fit_epoch"')"
  lines+=("$line")
  echo "$line" | tee -a "$results"

  run="$work/train/run-$r-$(date +%s%N)"
  start="$(date +%s.%N)"
  "$root/scripts/sparkrl" train --master 'local[1]' --config "$root/conf/cartpole.json" \
    --data "$data" --output "$run" --set n_epochs=1 --set job.workers=1 \
    --set job.eval_env=null > "$work/train-$r.log" 2>&1
  wall="$(echo "$(date +%s.%N) - $start" | bc)"
  line="$(python3 - "$run/timing.csv" "$wall" "${SPARKRL_BLAS:-onednn}" <<'PY'
import csv, json, sys
row = next(csv.DictReader(open(sys.argv[1])))
wall = float(sys.argv[2])
print(json.dumps({"benchmark": "train_local1_epoch", "blas": sys.argv[3],
                  "command_seconds": round(wall, 2),
                  "stage1_s": float(row["stage1_s"]), "train_s": float(row["train_s"]),
                  "compute_s": float(row["compute_s"]), "sgd_steps": int(row["sgd_steps"]),
                  "outside_steps_share": round((wall - float(row["compute_s"])) / wall, 4),
                  "iteration_outside_steps_share": round(
                      1 - float(row["compute_s"]) / (float(row["stage1_s"]) + float(row["train_s"])), 4)}))
PY
)"
  lines+=("$line")
  echo "$line" | tee -a "$results"
done

python3 - "${lines[@]}" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in sys.argv[1:]]
def col(kind, key):
    return [r[key] for r in runs if r["benchmark"] == kind]
def f(v):
    return "%.1f (%.1f–%.1f)" % (statistics.median(v), min(v), max(v))
print("\n| run | epoch s (whole command or fit call) | SGD steps s | ms / step | outside the steps | iterations outside the steps |")
print("|---|---:|---:|---:|---:|---:|")
for kind, wall, label in [("fit_epoch", "fit_seconds", "single-process fit"),
                          ("train_local1_epoch", "command_seconds", "sparkrl train --master local[1]")]:
    w, c, s = col(kind, wall), col(kind, "compute_s"), col(kind, "sgd_steps")
    share = col(kind, "outside_steps_share")
    iteration = col(kind, "iteration_outside_steps_share")
    print(f"| {label} | {f(w)} | {f(c)} | {1000 * statistics.median(c) / s[0]:.3f} | "
          f"{100 * statistics.median(share):.1f} % | {100 * statistics.median(iteration):.1f} % |")
PY
