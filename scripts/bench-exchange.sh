#!/usr/bin/env bash
# The averaging exchange alone: K workers (threads in one JVM, TCP over loopback through the
# driver's rendezvous) averaging a state of FLOATS floats ROUNDS times, REPEATS times; then the cost
# model (io.sparkrl.bench.CostModel) fitted to these figures and to bench/cluster-epoch.jsonl,
# projecting the epoch to larger datasets and clusters (docs/cost-model.png and a table on stdout).
#   WORKERS=2,4,8 FLOATS=134000,540000 ROUNDS=200 REPEATS=3 scripts/bench-exchange.sh
#   LATENCY_MS=0.2 BANDWIDTH_GBPS=10: the network the projection assumes beyond this machine
# Results: bench/exchange.jsonl (one line per K and size, replaced) and bench/cost-model.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OMP_NUM_THREADS=1
JAVA_OPTS="-Xmx2g" "$root/scripts/bench-java" io.sparkrl.bench.ExchangeBenchmark \
  "${WORKERS:-2,4,8}" "${FLOATS:-134000,540000}" "${ROUNDS:-200}" "${REPEATS:-3}" \
  > "$root/bench/exchange.jsonl"
cat "$root/bench/exchange.jsonl"
if [[ -s "$root/bench/cluster-epoch.jsonl" ]]; then
  "$root/scripts/bench-java" io.sparkrl.bench.CostModel "$root/bench" "$root/docs/cost-model.png" \
    "${LATENCY_MS:-0.2}" "${BANDWIDTH_GBPS:-10}" | tee "$root/bench/cost-model.md"
else
  echo "no bench/cluster-epoch.jsonl: run scripts/bench-cluster-epoch.sh for the cost model" >&2
fi
