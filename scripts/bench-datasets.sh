#!/usr/bin/env bash
# Dataset I/O benchmark: rows per second for writing, reading and
# validating generated CartPole datasets at each size (medians of REPEATS runs in one JVM), and the
# reader's peak memory in a separate JVM with a small fixed heap at each size.
#   SIZES="1000000 5000000" REPEATS=5 READER_HEAP=64m scripts/bench-datasets.sh
# Results: bench/datasets.jsonl (one JSON object per measurement) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${SIZES:-1000000 5000000}"
repeats="${REPEATS:-5}"
reader_heap="${READER_HEAP:-64m}"
work="$root/bench/work"
results="$root/bench/datasets.jsonl"
mkdir -p "$work"
: > "$results"

bench() {
  "$root/scripts/bench-java" io.sparkrl.bench.DatasetBenchmark "$@"
}

for rows in $sizes; do
  dir="$work/datasets-$rows"
  echo "== $rows rows: throughput ($repeats runs)" >&2
  JAVA_OPTS="-Xmx6g" bench throughput "$rows" "$dir" "$repeats" | tee -a "$results"
  echo "== $rows rows: reader memory (-Xmx$reader_heap)" >&2
  JAVA_OPTS="-Xmx$reader_heap" bench reader-memory "$dir/data" | tee -a "$results"
done

if command -v python3 > /dev/null; then
  python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("\n| rows | write rows/s | read rows/s | validate rows/s | MB on disk |")
print("|---:|---:|---:|---:|---:|")
for r in rows:
    if r["benchmark"] == "datasets-throughput":
        f = lambda k: "%.0f (%.0f–%.0f)" % (r[k]["median"], r[k]["min"], r[k]["max"])
        print(f"| {r['rows']:,} | {f('write_rows_per_s')} | {f('read_rows_per_s')} | {f('validate_rows_per_s')} | {r['bytes_on_disk']/1e6:.1f} |")
print("\n| rows | reader max heap (-Xmx) | peak old gen used | peak RSS |")
print("|---:|---:|---:|---:|")
for r in rows:
    if r["benchmark"] == "reader-memory":
        mb = lambda k: "%.1f MB" % (r[k] / 1e6)
        print(f"| {r['rows']:,} | {mb('max_heap_bytes')} | {mb('peak_old_gen_used_bytes')} | {mb('peak_rss_bytes')} |")
PY
fi
