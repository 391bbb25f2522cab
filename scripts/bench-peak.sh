#!/usr/bin/env bash
# The physical floor of the step benchmarks: one core's peak FP32 fused multiply-add rate, measured
# by benchmarks/src/main/c/peak_fma.c (16 independent accumulators per width, AVX2 and AVX-512
# where the CPU has them), and each default step's FLOP count divided by it.
#   REPEATS=7 scripts/bench-peak.sh
# Results: bench/peak.jsonl (appended) and a table on stdout. Needs gcc.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/bench/work"
bin="$root/bench/work/peak_fma"
gcc -O2 -o "$bin" "$root/benchmarks/src/main/c/peak_fma.c"
out="$(taskset -c 0 "$bin" "${REPEATS:-7}" 2> /dev/null || "$bin" "${REPEATS:-7}")"
model="$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)"
echo "$out" | while read -r line; do
  echo "{\"benchmark\":\"peak_fma\",\"cpu\":\"$model\",${line#\{}"
done | tee -a "$root/bench/peak.jsonl"

python3 - "$out" <<'PY'
import json, sys
runs = [json.loads(l) for l in sys.argv[1].splitlines()]
best = max(runs, key=lambda r: r["gflops"])
def flops(widths, batch=256):
    # as GemmFloor.dense: forward and weight-gradient products of every layer, input gradients of
    # all but the first
    return sum((4 if i == 0 else 6) * batch * a * b for i, (a, b) in enumerate(zip(widths, widths[1:])))
steps = {"vector critic (4-256-256-1)": flops([4, 256, 256, 1]),
         "vector actor (4-256-256-2)": flops([4, 256, 256, 2])}
print(f"\npeak: {best['gflops']:.1f} GFLOP/s on one core ({best['isa']}, median of {best['repeats']})")
print("\n| step | MFLOP | physical floor ms |")
print("|---|---:|---:|")
for name, flops in steps.items():
    print(f"| {name} | {flops / 1e6:.1f} | {flops / best['gflops'] / 1e6:.3f} |")
PY
