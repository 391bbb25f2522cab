#!/usr/bin/env bash
# The whole benchmark suite, one benchmark at a time (they need the machine's cores to themselves):
#   1. stage 1 (values + TD(λ) returns) on local[2] beside its floor  (bench-stage1.sh)
#   2. one SGD step, vector and 4×84×84 image networks, beside their floors  (bench-steps.sh, JMH)
#   3. one CartPole epoch: single-process fit, the Spark trainer with 1 and 2 workers, and
#   5. the parameter-averaging cost per synchronisation  (bench-trainer.sh)
#   4. scaling at 1M, 3M and 10M rows on a standalone cluster: wall time, driver and executor peak
#      memory  (bench-scaling.sh)
# then bench/results.json and the generated table at the top of docs/benchmarks.md
# (scripts/bench_report.py), with each target's verdict. About an hour on 2 cores.
#   REPEATS=n       runs per figure (default 5)         SCALING_SIZES="..."  (default 1M 3M 10M)
#   ONLY="stage1 steps trainer scaling"  run only these parts (the report uses what bench/ holds)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${REPEATS:-5}"
only=" ${ONLY:-stage1 steps trainer scaling} "
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
  banner "3 and 5. trainer epoch and parameter averaging"
  TRANSITIONS=100000 REPEATS="$repeats" ITERATIONS=3 "$root/scripts/bench-trainer.sh"
fi
if part scaling; then
  banner "4. scaling"
  SIZES="${SCALING_SIZES:-1000000 3000000 10000000}" REPEATS="$repeats" \
    "$root/scripts/bench-scaling.sh"
fi

banner "report"
python3 "$root/scripts/bench_report.py" "$root"
