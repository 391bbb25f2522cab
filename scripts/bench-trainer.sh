#!/usr/bin/env bash
# Stage 2 benchmark: seconds per DiscreteAWR iteration with d3rlpy's
# default hyperparameters on a generated CartPole-v0 mixed dataset, single-process beside the
# DistributedTrainer on Spark local[2] (one ND4J/BLAS thread per task) with 1 and 2 workers
# (worker_batch_size 256, averaging_frequency 50 and one average per phase), the cost of one
# averaging round, and the critic alone under our trainer and dl4j-spark's
# ParameterAveragingTrainingMaster; medians of REPEATS runs of ITERATIONS iterations each, with the
# epoch time extrapolated.
#   TRANSITIONS=100000 REPEATS=3 ITERATIONS=3 scripts/bench-trainer.sh
# Results: bench/trainer.jsonl (one JSON object per run, appended) and tables on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
transitions="${TRANSITIONS:-100000}"
repeats="${REPEATS:-3}"
iterations="${ITERATIONS:-3}"
work="$root/bench/work"
results="$root/bench/trainer.jsonl"
mkdir -p "$work"

export OMP_NUM_THREADS=1
echo "== $transitions transitions: trainer ($repeats runs of $iterations iterations)" >&2
line="$(JAVA_OPTS="${JAVA_OPTS:--Xmx6g}" "$root/scripts/bench-java" io.sparkrl.bench.TrainerBenchmark \
  "$transitions" "$work/trainer-$transitions" "$repeats" "$iterations")"
echo "$line" >> "$results"
echo "$line"

if command -v python3 > /dev/null; then
  python3 - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
f = lambda s: "%.3f (%.3f–%.3f)" % (s["median"], s["min"], s["max"])
n = r["iterations_per_epoch"]
print(f"\n{r['transitions']:,} transitions, {n} iterations per epoch, {r['n_critic_updates']}+{r['n_actor_updates']} SGD steps per iteration; medians of {r['repeats']} (min–max)")
print("\n| trainer | workers | averages per iteration | s / iteration | first iteration s | ms / SGD step | epoch s (extrapolated) |")
print("|---|---:|---:|---:|---:|---:|---:|")
s = r["single"]
print(f"| single-process (update) | 1 | – | {f(s['iteration_seconds'])} | – | {s['sgd_step_ms']:.2f} | {s['epoch_seconds']:.0f} |")
for name, x in r["spark"].items():
    print(f"| DistributedTrainer {name} | {x['workers']} | {x['sync_rounds']} | {f(x['iteration_seconds'])} | {f(x['first_iteration_seconds'])} | {x['sgd_step_ms']:.2f} | {x['epoch_seconds']:.0f} |")
print(f"\nsingle-process computeTargets per iteration: {f(s['targets_seconds'])} s")
for w in (1, 2):
    y = r[f"sync_w{w}"]
    print(f"{w} worker(s): one averaging round {y['seconds_per_round']*1e3:.1f} ms; share of an iteration at averaging_frequency 50: {y['share_of_iteration_f50']*100:.1f} %")
c = r["critic_only"]
print(f"\ncritic only, 2 workers: ours {c['ours_steps_per_s']:.0f} SGD steps/s ({c['ours_worker_steps_per_iteration']} steps in {f(c['ours_iteration_seconds'])} s); "
      f"dl4j-spark PATM {c['patm_steps_per_s']:.0f} SGD steps/s ({c['patm_worker_steps']} steps in {f(c['patm_fit_seconds'])} s); ratio ours/PATM {c['ours_steps_per_s']/c['patm_steps_per_s']:.2f}")
print(f"\nSpark 1 worker epoch / single-process epoch: {r['w1_epoch_over_single_epoch']:.2f} (target <= 1.25)")
PY
fi
