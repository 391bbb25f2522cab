#!/usr/bin/env bash
# The whole pipeline on one machine with the embedded Spark (local[*]): builds sparkrl, generates a
# CartPole-v0 dataset (half random, half a noisy heuristic), trains DiscreteAWR with
# conf/cartpole-quickstart.json, evaluates the greedy policy in CartPole after each epoch, and
# prints the run directory, the report and the return reached. Needs only Java 17 and Maven.
#   QUICKSTART_DIR   where data and runs go (default: <checkout>/quickstart)
#   EPISODES         episodes to generate (default 1500, about 60k transitions)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${QUICKSTART_DIR:-$root/quickstart}"
episodes="${EPISODES:-1500}"
data="$work/data/cartpole-mixed"
run="$work/runs/cartpole-$(date +%Y%m%d%H%M%S)"
mkdir -p "$work/data" "$work/runs"

# One BLAS thread per Spark task: on few cores, OpenMP threads and task threads otherwise compete.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

if [[ ! -f "$data/dataset.json" ]]; then
  echo "quickstart: generating $episodes CartPole-v0 episodes into $data" >&2
  "$root/scripts/sparkrl" dataset generate --env cartpole-v0 --policy mixed \
    --episodes "$episodes" --seed 0 --out "$data" --quiet
fi

echo "quickstart: training with conf/cartpole-quickstart.json into $run" >&2
"$root/scripts/sparkrl" train --config "$root/conf/cartpole-quickstart.json" \
  --data "$data" --output "$run" --set job.eval_env=cartpole-v0 | tee "$work/last-run.txt"

ret="$(sed -n 's/^environment: //p' "$work/last-run.txt")"
echo
echo "run directory: $run"
echo "report:        $run/report.html"
echo "greedy return: ${ret:-n/a} (CartPole-v0, best possible 200)"
