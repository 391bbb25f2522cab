#!/usr/bin/env bash
# Atari-size frames through `sparkrl train`: 84x84 uint8 catch frames (the mixed policy), 4 stacked
# frames, the pixel scaler and d3rlpy's default (Nature DQN) encoder, on the standalone cluster of
# scripts/bench-cluster-epoch.sh (a Master and two one-core Workers as JVMs, EXECUTOR_MEMORY_GIB per
# executor), one epoch over TRANSITIONS transitions with 2 workers. An epoch at d3rlpy's 1200 SGD
# steps per iteration would take hours on CPU, so the run takes STEPS_PER_ITERATION (12: 2 critic +
# 10 actor) and the table projects d3rlpy's epoch from the measured step time; stage 1 (values and
# returns of every row) and the executors' peak memory are measured as they are.
#   TRANSITIONS=100000 EXECUTOR_MEMORY_GIB=9 REPEATS=1 scripts/bench-atari.sh
# Results: bench/atari.jsonl and a table on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/bench/work"
conf="$root/bench/work/atari-frames.json"
cat > "$conf" <<'JSON'
{"n_frames": 4, "scaler": "pixel", "n_critic_updates": 2, "n_actor_updates": 10}
JSON
export DATASET=catch84 CONF="$conf" RESULTS="$root/bench/atari.jsonl"
export TRANSITIONS="${TRANSITIONS:-100000}" REPEATS="${REPEATS:-1}"
export EXECUTOR_MEMORY_GIB="${EXECUTOR_MEMORY_GIB:-9}" VARIANTS="${VARIANTS:-w2_barrier}"
"$root/scripts/bench-cluster-epoch.sh"

python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
s = [r for r in rows if r["benchmark"] == "cluster_epoch"][-1]
n = s["transitions"]
f = s.get("averaging_frequency", 50)
up = lambda a: -(-a // f)
sync_scale = (up(200) + up(1000)) / (up(2) + up(10))
iterations = n // 2048
print(f"\n4x84x84 uint8 frames, {n:,} transitions, {iterations} iterations of 2 + 10 SGD steps of 256 rows")
print("\n| workers | stage 1 s | stage 1 transitions/s | SGD steps/s per worker | ms per step | "
      "executor peak RSS MiB | epoch at d3rlpy's 1200 steps (projected) |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for name, v in s["variants"].items():
    k = v["workers"]
    stage1 = v["stage1_seconds"]["median"]
    compute = v["compute_seconds"]["median"]
    steps_per_worker = iterations * 12 / k
    step = compute / steps_per_worker
    projected = stage1 + iterations * 1200 / k * step + v["sync_seconds"]["median"] * sync_scale
    print(f"| {k} | {stage1:.1f} | {n / stage1:,.0f} | {1 / step:.2f} | {1e3 * step:.0f} | "
          f"{v['executor_peak_rss_mib']['median']:.0f} | {projected / 3600:.1f} h |")
PY
