#!/usr/bin/env bash
# The whole benchmark suite, one benchmark at a time (they need the machine's cores to themselves):
#   1. stage 1 (values + TD(λ) returns) on local[2] beside its floor  (bench-stage1.sh)
#   2. one SGD step, vector and 4×84×84 image networks, beside their floors  (bench-steps.sh, JMH)
#   3. one CartPole epoch in one JVM: single-process fit, the Spark backend with 1 and 2 workers
#      (barrier and jobs), the critic beside dl4j-spark's PATM  (bench-trainer.sh)
#   4. scaling at 1M, 3M and 10M rows on a standalone cluster: wall time, driver and executor peak
#      memory  (bench-scaling.sh)
#   5. one CartPole epoch through `sparkrl train` on a standalone cluster, 1 and 2 one-core
#      workers: the scale-out figure  (bench-cluster-epoch.sh)
#   6. the averaging exchange at 2, 4 and 8 workers, and the cost model fitted to 5 and 6
#      (bench-exchange.sh)
# then bench/results.json and the generated table at the top of docs/benchmarks.md
# (scripts/bench_report.py), with each target's verdict. About two hours on 2 cores.
#   REPEATS=n       runs per figure (default 5)         SCALING_SIZES="..."  (default 1M 3M 10M)
#   ONLY="stage1 steps trainer scaling cluster exchange"  run only these parts (the report uses what bench/ holds)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${REPEATS:-5}"
only=" ${ONLY:-stage1 steps trainer scaling cluster exchange} "
export OMP_NUM_THREADS=1

part() { [[ "$only" == *" $1 "* ]]; }
banner() { echo -e "\n===== bench: $* =====" >&2; }

if part stage1; then
  banner "1. stage 1"
  SIZES=1000000 REPEATS="$repeats" "$root/scripts/bench-stage1.sh"
fi
if part steps; then
  banner "2. SGD steps"
  BENCH='StepBenchmarks' ITERATIONS="$((repeats > 10 ? repeats : 10))" "$root/scripts/bench-steps.sh"
fi
if part trainer; then
  banner "3. trainer epoch in one JVM"
  TRANSITIONS=100000 REPEATS="$repeats" MEASURED_GROUPS=3 "$root/scripts/bench-trainer.sh"
fi
if part scaling; then
  banner "4. scaling"
  SIZES="${SCALING_SIZES:-1000000 3000000 10000000}" REPEATS="$repeats" \
    "$root/scripts/bench-scaling.sh"
fi

if part cluster; then
  banner "5. cluster epoch"
  TRANSITIONS=100000 REPEATS="$((repeats > 3 ? 3 : repeats))" "$root/scripts/bench-cluster-epoch.sh"
fi
if part exchange; then
  banner "6. exchange and cost model"
  REPEATS="$repeats" "$root/scripts/bench-exchange.sh"
fi

banner "report"
python3 "$root/scripts/bench_report.py" "$root"
