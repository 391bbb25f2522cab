#!/usr/bin/env bash
# Trainer benchmark in one JVM (Spark local[2], one ND4J/BLAS thread per task), d3rlpy's default
# hyperparameters on a generated CartPole-v0 mixed dataset: single-process fit, the Spark backend
# with 1 worker, with 2 workers in a barrier stage and with a Spark job per averaging period (the
# steady time of a group, the synchronisation per period, the round's set-up, the epoch
# extrapolated), and the critic alone under dl4j-spark's ParameterAveragingTrainingMaster beside
# ours; medians of REPEATS runs of MEASURED_GROUPS groups each. The cluster epoch (separate JVMs, the
# figure the 2-worker target is judged on) is scripts/bench-cluster-epoch.sh.
#   TRANSITIONS=100000 REPEATS=3 MEASURED_GROUPS=3 scripts/bench-trainer.sh
# Results: bench/trainer.jsonl (one JSON object per run, appended) and tables on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
transitions="${TRANSITIONS:-100000}"
repeats="${REPEATS:-3}"
groups="${MEASURED_GROUPS:-3}"
work="$root/bench/work"
results="$root/bench/trainer.jsonl"
mkdir -p "$work"

export OMP_NUM_THREADS=1
echo "== $transitions transitions: trainer ($repeats runs of $groups groups)" >&2
line="$(JAVA_OPTS="${JAVA_OPTS:--Xmx6g}" "$root/scripts/bench-java" io.sparkrl.bench.TrainerBenchmark \
  "$transitions" "$work/trainer-$transitions" "$repeats" "$groups")"
echo "$line" >> "$results"
echo "$line"

if command -v python3 > /dev/null; then
  python3 - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
f = lambda s: "%.3f (%.3f–%.3f)" % (s["median"], s["min"], s["max"])
print(f"\n{r['transitions']:,} transitions, {r['iterations_per_epoch']} iterations per epoch, "
      f"{r['n_critic_updates']}+{r['n_actor_updates']} SGD steps per iteration, averaging every "
      f"{r['averaging_frequency']} steps; medians of {r['repeats']} (min–max)")
print("\n| trainer | workers | s / group | sync ms / period | round set-up s | sync share | ms / SGD step | epoch s (extrapolated) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, x in r["trainers"].items():
    print(f"| {name} | {x['workers']} | {f(x['group_seconds'])} | {f(x['sync_ms_per_period'])} | "
          f"{f(x['round_setup_seconds'])} | {100 * x['sync_share_of_group']:.1f} % | {x['sgd_step_ms']:.2f} | {x['epoch_seconds']:.0f} |")
c = r["critic_only"]
print(f"\ncritic only, 2 workers, {c['worker_steps']} steps: ours {c['ours_steps_per_s']:.0f} SGD steps/s, "
      f"dl4j-spark PATM {c['patm_steps_per_s']:.0f}; ours/PATM {c['ours_steps_per_s'] / c['patm_steps_per_s']:.2f}")
print(f"\n1 worker / fit: {r['w1_epoch_over_fit_epoch']:.2f} (target <= 1.25); "
      f"2 workers / 1 worker (one JVM): {r['w2_epoch_over_w1_epoch']:.2f}; jobs / barrier: {r['jobs_over_barrier_epoch']:.2f}")
PY
fi
