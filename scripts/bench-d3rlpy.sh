#!/usr/bin/env bash
# d3rlpy v0.30's DiscreteAWR on this machine, on the data scripts/bench-epoch.sh gives sparkrl: one
# whole epoch at d3rlpy's defaults on one core (taskset -c CORE, one torch and OpenMP thread, CPU),
# in a fresh Python as a user runs it.
#
# One epoch is the same work as sparkrl's: v0.30's fit with n_epochs=1 runs
# len(transitions) // batch_size = 100,018 // 2048 = 48 iterations, each AWR.update computing the
# TD(lambda) returns and weights of its 2048 transitions with the critic, then
# n_critic_updates // 8 = 25 passes over the 8 slices of 256 rows (200 critic SGD steps) and
# n_actor_updates // 8 = 125 passes (1000 actor steps): 57,600 SGD steps on batches of 256.
# fit's own options are FitEpochBenchmark's: metrics and model_0.pt saved (under
# bench/work/d3rlpy/logs), no TensorBoard, no progress bar, not verbose, no scorers.
# Differences that stay (docs/design.md §1.10): v0.30 takes a timeout as a terminal (no bootstrap),
# samples its batches with np.random.permutation, and fits in Python with PyTorch.
#
# Data: `sparkrl dataset generate --env cartpole-v0 --policy mixed --seed 0 --episodes 2570`
# (episode i is seeded by (0, i) as in FitEpochBenchmark, so these 2,570 episodes are
# bench-epoch.sh's 100,018 transitions), written as .npy arrays by io.sparkrl.bench.NpyExport
# (Debian has no pyarrow). d3rlpy v0.30 is extracted from its git tag into bench/work/d3rlpy/src
# and its Cython dataset.pyx built in place; nothing of it enters this repository.
#
# Needs Debian 12's python3-torch, cython3, python3-numpy, python3-h5py, python3-sklearn,
# python3-tqdm, python3-dev and g++ (installed with apt-get when missing; PyPI is not used), and
# /usr/bin/python3 (Debian's, which those packages are for). GPUtil and kornia are not in Debian:
# d3rlpy imports them at `import d3rlpy.algos` (gpu.py, augmentation/image.py) but only uses them for
# GPUs and image augmentations, so import-only stubs that raise when called go on the end of
# sys.path (a real installation wins). gym and tensorboardX are imported only when used: not here
# (tensorboard=False, no scorers).
#
#   scripts/bench-d3rlpy.sh                 one epoch, appended to bench/d3rlpy.jsonl
#   REPEATS=5 SPARKRL=1 scripts/bench-d3rlpy.sh
#                  five rounds, each also running sparkrl's FitEpochBenchmark on the same core
#   ITERATIONS=3   only the first episodes holding 3 x 2048 transitions: 3 iterations (a quick check)
#   CORE=1         the core both run on         D3RLPY_SEED=0  d3rlpy.seed(...)
#   D3RLPY_GIT     d3rlpy's git repository: a local (bare) git dir, or a URL to clone v0.30 from
#                  (default https://github.com/takuseno/d3rlpy.git)
# Prints and appends one JSON line per run: "seconds" is the fit call, "command_seconds" the whole
# python command (interpreter start, imports and loading the arrays included).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
transitions=100000 # bench-epoch.sh's TRANSITIONS: the episodes until they hold at least this many
episodes=2570 # FitEpochBenchmark's: the first that hold at least 100,000 transitions
repeats="${REPEATS:-1}"
iterations="${ITERATIONS:-}"
core="${CORE:-1}"
work="$root/bench/work/d3rlpy"
src="$work/src"
results="$root/bench/d3rlpy.jsonl"
python=/usr/bin/python3
mkdir -p "$work"

# 1. Debian packages (skipped when installed)
packages=(python3-torch cython3 python3-numpy python3-h5py python3-sklearn python3-tqdm python3-dev g++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=()
  [[ "$(id -u)" == "0" ]] || sudo=(sudo)
  echo "bench-d3rlpy: apt-get install ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
    || { "${sudo[@]}" apt-get update -q >&2 \
      && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
fi

# 2. d3rlpy v0.30 from its tag, the Cython extension built in place, and the stubs
if ! compgen -G "$src/d3rlpy/dataset*.so" > /dev/null; then
  git_dir="${D3RLPY_GIT:-https://github.com/takuseno/d3rlpy.git}"
  rm -rf "$src" "$work/clone"
  mkdir -p "$src"
  [[ -d "$git_dir/.git" ]] && git_dir="$git_dir/.git" # a clone with a work tree
  if [[ ! -d "$git_dir" ]]; then
    git clone -q --bare --depth 1 --branch v0.30 "$git_dir" "$work/clone"
    git_dir="$work/clone"
  fi
  git --git-dir="$git_dir" archive v0.30 | tar -x -C "$src"
  rm -rf "$work/clone"
  echo "bench-d3rlpy: building d3rlpy v0.30's dataset.pyx" >&2
  (cd "$src" && "$python" setup.py -q build_ext --inplace > "$work/build.log" 2>&1) \
    || { tail -30 "$work/build.log" >&2; exit 1; }
fi
mkdir -p "$work/stubs/kornia/color"
cat > "$work/stubs/GPUtil.py" << 'PY'
"""Import-only stand-in for GPUtil (not in Debian): d3rlpy v0.30 counts GPUs with it only for
parallel GPU training, which a CPU benchmark never does."""


def getGPUs():
    raise RuntimeError("GPUtil stub: GPUtil is not installed")
PY
cat > "$work/stubs/kornia/__init__.py" << 'PY'
"""Import-only stand-in for kornia (not in Debian): d3rlpy v0.30 uses it only in its image
augmentations, which the CartPole benchmark never builds."""
PY
cat > "$work/stubs/kornia/augmentation.py" << 'PY'
def __getattr__(name):
    raise RuntimeError("kornia stub: kornia.augmentation.%s is not installed" % name)
PY
: > "$work/stubs/kornia/color/__init__.py"
cat > "$work/stubs/kornia/color/hsv.py" << 'PY'
def hsv_to_rgb(*args):
    raise RuntimeError("kornia stub: kornia is not installed")


def rgb_to_hsv(*args):
    raise RuntimeError("kornia stub: kornia is not installed")
PY

# 3. The data, as sparkrl sees it and as d3rlpy's arrays
data="$work/cartpole-mixed-$episodes"
if [[ ! -f "$data/dataset.json" ]]; then
  "$root/scripts/sparkrl" dataset generate --env cartpole-v0 --policy mixed --seed 0 \
    --episodes "$episodes" --out "$data" --quiet > /dev/null
fi
"$root/scripts/bench-java" --build
target="$transitions"
[[ -n "$iterations" ]] && target=$((iterations * 2048))
arrays="$work/npy-$episodes-$target"
if [[ ! -f "$arrays/episode_terminals.npy" ]]; then
  "$root/scripts/bench-java" io.sparkrl.bench.NpyExport "$data" "$arrays.tmp" "$target" >&2
  rm -rf "$arrays"
  mv "$arrays.tmp" "$arrays"
fi

# 4. The epochs
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
for ((r = 0; r < repeats; r++)); do
  start="$(date +%s.%N)"
  line="$(cd "$work" && taskset -c "$core" "$python" - "$src" "$work/stubs" "$arrays" "$work/logs" \
    "${D3RLPY_SEED:-0}" "$core" << 'PY'
import json, math, os, sys, time
src, stubs, arrays, logdir, seed, core = sys.argv[1:7]
sys.path.insert(0, src)
sys.path.append(stubs)  # only for modules that are not installed
import numpy as np
import torch
torch.set_num_threads(1)
import d3rlpy
from d3rlpy.algos import DiscreteAWR
from d3rlpy.dataset import MDPDataset

load = [np.load(os.path.join(arrays, n + ".npy")) for n in
        ("observations", "actions", "rewards", "episode_terminals")]
# v0.30 splits episodes on `terminals` and ends every one in a terminal: episode_terminals.
dataset = MDPDataset(*load, discrete_action=True)
episodes = dataset.episodes
d3rlpy.seed(int(seed))
algo = DiscreteAWR(n_epochs=1, use_gpu=False)
name = "awr-%d" % time.time_ns()
t0 = time.perf_counter()
algo.fit(episodes, experiment_name=name, with_timestamp=False, logdir=logdir, verbose=False,
         show_progress=False, tensorboard=False)
seconds = time.perf_counter() - t0
transitions = sum(e.observations.shape[0] - 1 for e in episodes)
losses = {}
for metric in ("critic_loss", "actor_loss", "weights"):
    with open(os.path.join(logdir, name, metric + ".csv")) as f:
        losses[metric] = float(f.read().split()[-1].split(",")[2])
iters = transitions // algo.batch_size
per = algo.batch_size // algo.batch_size_per_update
steps = iters * per * (algo.n_critic_updates // per + algo.n_actor_updates // per)
print(json.dumps({"benchmark": "d3rlpy_epoch", "seconds": round(seconds, 2),
                  "d3rlpy": "0.30", "torch": torch.__version__, "numpy": np.__version__,
                  "python": sys.version.split()[0], "torch_threads": torch.get_num_threads(),
                  "core": int(core), "episodes": len(episodes), "transitions": transitions,
                  "iterations": iters, "sgd_steps": steps, **losses}))
if not all(math.isfinite(v) for v in losses.values()):
    sys.exit("bench-d3rlpy: a loss is not finite: %s" % losses)
PY
  )"
  wall="$(echo "$(date +%s.%N) - $start" | bc)"
  line="$("$python" -c 'import json, sys; r = json.loads(sys.argv[1]); r["command_seconds"] = round(float(sys.argv[2]), 2); print(json.dumps(r))' "$line" "$wall")"
  echo "$line" | tee -a "$results"
  if [[ "${SPARKRL:-0}" == "1" ]]; then
    taskset -c "$core" "$root/scripts/bench-java" io.sparkrl.bench.FitEpochBenchmark \
      "$root/bench/work/epoch/cartpole-$target" "$work/sparkrl-logs" "$target" \
      | grep '"benchmark":"fit_epoch"' | tee -a "$results"
  fi
done
