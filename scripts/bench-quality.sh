#!/usr/bin/env bash
# Policy-quality benchmark: trains DiscreteAWR with the seed
# defaults on generated datasets and scores the greedy policy (epsilon 0, EVAL_EPISODES episodes)
# on the environment after every epoch, one JVM per run, one BLAS thread.
#   1. mixed CartPole-v0 (half random, half noisy heuristic; behaviour mean return ~39), AWR,
#      every seed. Bar: mean return >= 195 of 200 within EPOCHS=2 for every seed.
#   2. mostly-bad CartPole-v0 (70% reversed heuristic, 20% random, 10% heuristic; ~20), AWR vs
#      behaviour cloning (--mode bc: the same code with beta = 1e9, so every weight is 1), for
#      BAD_EPOCHS=1 epoch. Bar: AWR clearly above BC for every seed.
#   3. catch (9x9, n_frames 4, pixel scaler; mixed policy) on CATCH_TRANSITIONS=30000
#      transitions, AWR, EPOCHS epochs. Best possible return +1 (every ball is catchable once the
#      velocity is seen in two frames), random -0.38, the one-frame heuristic +0.42; bar >= 0.8
#      (catching >= 90% of balls needs the stacked frames). Catch uses small filters (the Nature
#      DQN ones do not fit 9x9), actor learning rate 1e-3 and batches of 512 in mini-batches of 64
#      with 100 actor / 40 critic updates; see QualityBenchmark's javadoc for why.
#   SEEDS="0 1 2" EPOCHS=2 TRANSITIONS=100000 EVAL_EPISODES=100 scripts/bench-quality.sh
#   WORKERS="1 2 4" trains every part with each number of workers in the Spark job's default
#   parallel mode (iterations; fit computes in one JVM the floats the Spark job computes);
#   AVERAGING_FREQUENCY=n overrides the job's default.
#   PARTS="mixed mostly-bad catch" selects parts; RESULTS=file another results file (to run parts
#   side by side, one per core).
# Cost (one BLAS thread, the explicit dense step at ~2.3 ms): a CartPole epoch (100k transitions,
# 48 iterations x 1200 SGD steps) is ~2-2.5 min whatever WORKERS (fit runs the K workers of a group
# one after the other); mixed 3 seeds x 2 epochs plus mostly-bad AWR and BC 3 seeds x 1 epoch is 12
# epochs, ~30 min per value of WORKERS; catch (58 iterations x 140 steps of 64 rows of a small conv
# net) is a few minutes per epoch; evaluation takes seconds.
# Results: bench/quality.jsonl (one JSON object per epoch) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${SEEDS:-0 1 2}"
epochs="${EPOCHS:-2}"
transitions="${TRANSITIONS:-100000}"
catch_transitions="${CATCH_TRANSITIONS:-30000}"
bad_epochs="${BAD_EPOCHS:-1}"
eval_episodes="${EVAL_EPISODES:-100}"
parts="${PARTS:-mixed mostly-bad catch}"
workers_list="${WORKERS:-1}"
work="$root/bench/work"
results="${RESULTS:-$root/bench/quality.jsonl}"
mkdir -p "$work"
: > "$results"

seed_list="$(tr ' ' ',' <<< "$seeds" | tr -s ',')"
seed_list="${seed_list#,}"
seed_list="${seed_list%,}"

run() {
  local dataset="$1" mode="$2" n_epochs="$3" n_transitions="$4" workers
  for workers in $workers_list; do
    echo "== $dataset $mode, $workers workers: seeds $seed_list, $n_epochs epochs," \
      "$n_transitions transitions" >&2
    extra=()
    if [[ -n "${AVERAGING_FREQUENCY:-}" ]]; then
      extra=(--averaging-frequency "$AVERAGING_FREQUENCY")
    fi
    OMP_NUM_THREADS=1 "$root/scripts/bench-java" io.sparkrl.bench.QualityBenchmark \
      --dataset "$dataset" --mode "$mode" --seeds "$seed_list" --epochs "$n_epochs" \
      --transitions "$n_transitions" --eval-episodes "$eval_episodes" --workers "$workers" \
      "${extra[@]}" --logdir "$work/quality" --out "$results" > /dev/null
  done
}

for part in $parts; do
  case "$part" in
    mixed) run mixed awr "$epochs" "$transitions" ;;
    mostly-bad)
      run mostly-bad awr "$bad_epochs" "$transitions"
      run mostly-bad bc "$bad_epochs" "$transitions"
      ;;
    catch) run catch awr "$epochs" "$catch_transitions" ;;
    *)
      echo "bench-quality: unknown part '$part' (mixed, mostly-bad, catch)" >&2
      exit 2
      ;;
  esac
done

if command -v python3 > /dev/null; then
  python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("\n| dataset | mode | workers | seed | epoch | mean return | behaviour | s/epoch | critic loss | actor loss | mean weight |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['dataset']} | {r['mode']} | {r['workers']} | {r['seed']} | {r['epoch']} | {r['mean_return']:.2f} | "
          f"{r['behaviour_mean_return']:.2f} | {r['epoch_seconds']:.1f} | {r['critic_loss']:.4g} | "
          f"{r['actor_loss']:.4g} | {r['mean_weight']:.4g} |")
PY
fi
