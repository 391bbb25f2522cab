#!/usr/bin/env bash
# Policy-quality benchmark (issue 4, "How well and how fast"): trains DiscreteAWR with the seed
# defaults on generated datasets and scores the greedy policy (epsilon 0, EVAL_EPISODES episodes)
# on the environment after every epoch, one JVM per run, one BLAS thread.
#   1. mixed CartPole-v0 (half random, half noisy heuristic; behaviour mean return ~39), AWR,
#      every seed. Bar: mean return >= 195 of 200 within EPOCHS=2 for every seed.
#   2. mostly-bad CartPole-v0 (70% reversed heuristic, 20% random, 10% heuristic; ~20), AWR vs
#      behaviour cloning (--mode bc: the same code with beta = 1e9, so every weight is 1).
#      Bar: AWR clearly above BC for every seed.
#   3. catch (9x9, n_frames 4, pixel scaler; mixed policy), AWR. Best possible return +1 (every
#      ball is catchable once the velocity is seen in two frames), random -0.38, the one-frame
#      heuristic +0.42; proposed bar >= 0.8 (catching >= 90% of balls needs the stacked frames).
#      Catch uses small filters (the Nature DQN ones do not fit 9x9) and a fifth of the default
#      updates per iteration; see QualityBenchmark's javadoc.
#   SEEDS="0 1 2" EPOCHS=2 TRANSITIONS=100000 EVAL_EPISODES=100 scripts/bench-quality.sh
#   PARTS="mixed mostly-bad catch" selects parts; RESULTS=file another results file (to run parts
#   side by side, one per core).
# Cost: on 100k CartPole transitions an epoch is 48 iterations x 1200 SGD steps = 57,600 steps;
# at ~5 ms per step that is ~5 min per epoch per seed, so the full protocol (3 seeds x 2 epochs
# for mixed, and for mostly-bad AWR and BC) is 9 runs x 2 epochs ~ 90 min of CartPole training,
# plus catch (3 seeds x 2 epochs of 48 x 240 steps of a small conv net, roughly 10-30 min),
# plus evaluation (100 episodes per epoch, seconds for CartPole).
# Results: bench/quality.jsonl (one JSON object per epoch) and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${SEEDS:-0 1 2}"
epochs="${EPOCHS:-2}"
transitions="${TRANSITIONS:-100000}"
eval_episodes="${EVAL_EPISODES:-100}"
parts="${PARTS:-mixed mostly-bad catch}"
work="$root/bench/work"
results="${RESULTS:-$root/bench/quality.jsonl}"
mkdir -p "$work"
: > "$results"

seed_list="$(tr ' ' ',' <<< "$seeds" | tr -s ',')"
seed_list="${seed_list#,}"
seed_list="${seed_list%,}"

run() {
  local dataset="$1" mode="$2"
  echo "== $dataset $mode: seeds $seed_list, $epochs epochs, $transitions transitions" >&2
  OMP_NUM_THREADS=1 SPARKRL_MAIN=io.sparkrl.bench.QualityBenchmark "$root/scripts/sparkrl" \
    --dataset "$dataset" --mode "$mode" --seeds "$seed_list" --epochs "$epochs" \
    --transitions "$transitions" --eval-episodes "$eval_episodes" \
    --logdir "$work/quality" --out "$results" > /dev/null
}

for part in $parts; do
  case "$part" in
    mixed) run mixed awr ;;
    mostly-bad)
      run mostly-bad awr
      run mostly-bad bc
      ;;
    catch) run catch awr ;;
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
print("\n| dataset | mode | seed | epoch | mean return | behaviour | s/epoch | critic loss | actor loss | mean weight |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['dataset']} | {r['mode']} | {r['seed']} | {r['epoch']} | {r['mean_return']:.2f} | "
          f"{r['behaviour_mean_return']:.2f} | {r['epoch_seconds']:.1f} | {r['critic_loss']:.4g} | "
          f"{r['actor_loss']:.4g} | {r['mean_weight']:.4g} |")
PY
fi
