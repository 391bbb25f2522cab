#!/usr/bin/env bash
# Stage 1 benchmark: transitions per second for TD(λ) returns with a d3rlpy-default critic
# on generated CartPole datasets, on Spark local[2] (one ND4J/BLAS thread per task), beside the same
# code in one JVM thread without Spark and the floor (the critic's forward matrix products alone over
# the same observations, on two threads as local[2] has two task threads); medians of
# REPEATS runs per size, and the time ratio between consecutive sizes.
#   SIZES="1000000" REPEATS=5 scripts/bench-stage1.sh
# Results: bench/stage1.jsonl (one JSON object per size) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${SIZES:-1000000}"
repeats="${REPEATS:-5}"
work="$root/bench/work"
results="$root/bench/stage1.jsonl"
mkdir -p "$work"
: > "$results"

export OMP_NUM_THREADS=1
for rows in $sizes; do
  echo "== $rows rows: stage 1 ($repeats runs)" >&2
  JAVA_OPTS="${JAVA_OPTS:--Xmx8g}" "$root/scripts/bench-java" io.sparkrl.bench.Stage1Benchmark \
    "$rows" "$work/stage1-$rows" "$repeats" | tee -a "$results"
done

if command -v python3 > /dev/null; then
  python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("\n| rows | transitions | Spark local[2] trans/s | one JVM trans/s | floor rows/s (2 threads) | Spark / floor | Spark s (median, min–max) | read+validate+index s |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['rows']:,} | {r['transitions']:,} | {r['spark_transitions_per_s']:,.0f} | {r['jvm_transitions_per_s']:,.0f} | {r['forward_floor_rows_per_s']:,.0f} | {r['fraction_of_floor']:.2f} | {r['spark_seconds']['median']:.2f} ({r['spark_seconds']['min']:.2f}–{r['spark_seconds']['max']:.2f}) | {r['read_validate_index_seconds']:.1f} |")
for a, b in zip(rows, rows[1:]):
    ratio = b["spark_seconds"]["median"] / a["spark_seconds"]["median"]
    size = b["transitions"] / a["transitions"]
    print(f"\nSpark time ratio {b['rows']:,} / {a['rows']:,} rows: {ratio:.2f} (data ratio {size:.2f}; limit for 5M/1M: 5.5)")
PY
fi
