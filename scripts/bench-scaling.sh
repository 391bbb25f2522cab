#!/usr/bin/env bash
# Scaling benchmark: stage 1 and one training epoch (ScalingRun's epoch: d3rlpy defaults with
# batch_size 65536 and one critic and one actor step per iteration, 2 workers) at each size, on a
# Spark standalone cluster on 127.0.0.1 (Master and one two-core Worker as separate JVMs; driver 2g,
# executor 8g), with the wall times (medians of REPEATS within one application) and the peak
# resident memory of the driver and the executor. Generates missing CartPole datasets under
# bench/work/scaling-<rows>. Builds the submit jar and the cluster's SPARK_HOME when missing.
#   SIZES="1000000 3000000 10000000" REPEATS=5 scripts/bench-scaling.sh
# Results: bench/scaling.jsonl (one JSON object per size) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${SIZES:-1000000 3000000 10000000}"
repeats="${REPEATS:-5}"
target="$root/spark-job/target"
results="$root/bench/scaling.jsonl"
mkdir -p "$root/bench/work"

export OMP_NUM_THREADS=1
# the benchmarks' build also makes the submit jar and the cluster's SPARK_HOME
"$root/scripts/bench-java" --build
submit_jars=("$target"/sparkrl-spark-job-*-submit.jar)
submit_jar="${submit_jars[0]}"
# ScalingRun's driver also needs the benchmarks' classes and the cluster helpers (spark-job's tests)
bench_jar=("$root"/benchmarks/target/sparkrl-benchmarks-*[0-9T].jar)
test_jar=("$target"/sparkrl-spark-job-*-tests.jar)
bench_jars="${bench_jar[0]},${test_jar[0]}"
JAVA_OPTS="-Xmx8g" "$root/scripts/bench-java" io.sparkrl.bench.ScalingBenchmark \
  "${sizes// /,}" "$root/bench/work" "$repeats" "$target/spark-home" "$submit_jar" \
  "$target/java17-opens.txt" "$bench_jars" | tee "$results"

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
f = lambda s: "%.2f (%.2f–%.2f)" % (s["median"], s["min"], s["max"])
print("\n| transitions | iterations | stage 1 s | epoch s | driver peak heap after GC MiB | driver peak RSS MiB | executor peak RSS MiB |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['transitions']:,} | {r['iterations']} | {f(r['stage1_seconds'])} | {f(r['epoch_seconds'])} | {r['driver_peak_heap_after_gc_mib']:.0f} | {r['driver_peak_rss_mib']:.0f} | {r['executor_peak_rss_mib_max']:.0f} |")
if len(rows) > 1:
    a, b = rows[0], rows[-1]
    for k in ("stage1_seconds", "epoch_seconds"):
        print(f"{k}: {b['transitions']:,} / {a['transitions']:,} = {b[k]['median'] / a[k]['median']:.2f} (data {b['transitions'] / a['transitions']:.2f}; limit 11 for 10M/1M)")
PY
