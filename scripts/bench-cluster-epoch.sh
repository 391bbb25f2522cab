#!/usr/bin/env bash
# Cluster epoch benchmark: one CartPole epoch (conf/cartpole.json, d3rlpy's defaults, about
# TRANSITIONS transitions) through `sparkrl train` on a standalone cluster on 127.0.0.1 (a Master
# and two one-core Workers as separate JVMs): 1 worker, 2 workers in barrier stages, and 2 workers
# with a Spark job per averaging period, each REPEATS times, interleaved. The epoch's time and
# its split (stage 1, SGD steps, synchronisation, the rest) come from each run's timing.csv.
#   REPEATS=3 TRANSITIONS=100000 scripts/bench-cluster-epoch.sh
#   VARIANTS="w1 w2_barrier w2_jobs" selects variants; SETS="job.averaging_frequency=200" adds
#   --set options to every run; CONF=file another configuration; DATASET=catch84 84x84 catch
#   frames instead of CartPole (scripts/bench-atari.sh); EXECUTOR_MEMORY_GIB (4) sizes the
#   executors; EXECUTOR_JAVA_OPTS adds executor JVM options
# Results: RESULTS (bench/cluster-epoch.jsonl: a line per run, then the summary) and a table on
# stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${REPEATS:-3}"
transitions="${TRANSITIONS:-100000}"
target="$root/spark-job/target"
results="${RESULTS:-$root/bench/cluster-epoch.jsonl}"
conf="${CONF:-$root/conf/cartpole.json}"
mkdir -p "$root/bench/work"

export OMP_NUM_THREADS=1
"$root/scripts/bench-java" --build
submit_jars=("$target"/sparkrl-spark-job-*-submit.jar)
JAVA_OPTS="-Xmx1g" "$root/scripts/bench-java" io.sparkrl.bench.ClusterEpochBenchmark \
  "$root/bench/work" "$repeats" "$transitions" "$target/spark-home" "${submit_jars[0]}" \
  "$target/java17-opens.txt" "$conf" "${SETS:-}" | tee "$results"

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
s = [r for r in rows if r["benchmark"] == "cluster_epoch"][-1]
f = lambda x: "%.1f (%.1f–%.1f)" % (x["median"], x["min"], x["max"])
print(f"\n{s['transitions']:,} transitions, medians of {s['repeats']} (min–max), seconds")
print("\n| variant | epoch | stage 1 | SGD steps | sync | other | sync / training | executor peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, v in s["variants"].items():
    print(f"| {name} | {f(v['epoch_seconds'])} | {f(v['stage1_seconds'])} | {f(v['compute_seconds'])} | "
          f"{f(v['sync_seconds'])} | {f(v['other_seconds'])} | {100 * v['sync_share_of_training']:.1f} % | "
          f"{v.get('executor_peak_rss_mib', {}).get('median', float('nan')):.0f} |")
print(f"\n2 workers / 1 worker: {s['w2_over_w1']} (target <= 0.55); jobs / barrier: {s['jobs_over_barrier']}")
PY
