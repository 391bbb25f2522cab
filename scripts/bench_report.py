#!/usr/bin/env python3
"""Gathers the suite's outputs in bench/ into bench/results.json and the generated table of
docs/benchmarks.md (between its `bench:begin` and `bench:end` markers).

    scripts/bench_report.py ROOT

Reads bench/steps.json (JMH), bench/stage1.jsonl, bench/trainer.jsonl (its last line),
bench/scaling.jsonl, bench/cluster-epoch.jsonl (its summary line), bench/exchange.jsonl and
bench/cost-model.md; each target is checked against the figures and its verdict written with them.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from datetime import datetime, timezone

root = sys.argv[1]
bench = os.path.join(root, "bench")


def lines(name):
    path = os.path.join(bench, name)
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith("{")]


def summary(name, kind):
    found = [r for r in lines(name) if r.get("benchmark") == kind]
    if not found:
        sys.exit(f"bench/{name} has no {kind} line: run its benchmark first")
    return found[-1]


def run(*cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"


def pom_property(name):
    with open(os.path.join(root, "pom.xml")) as f:
        m = re.search(rf"<{re.escape(name)}>([^<]+)</{re.escape(name)}>", f.read())
    return m.group(1) if m else "n/a"


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in run("lscpu").splitlines()
                if l.startswith("Model name")), platform.processor())
    with open("/proc/meminfo") as f:
        mem_kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 1048576, 1),
        "os": platform.platform(),
        "java": run("java", "-version").splitlines()[0],
        "maven": run("mvn", "-v").splitlines()[0],
        "spark": pom_property("spark.version"),
        "dl4j": pom_property("dl4j.version"),
        "nd4j_backend": pom_property("nd4j.backend"),
        "commit": run("git", "-C", root, "rev-parse", "--short", "HEAD"),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_at_end": os.getloadavg()[0],
    }


def dist(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


def steps():
    runs = json.load(open(os.path.join(bench, "steps.json")))
    by = {}
    for r in runs:
        raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
        by[r["benchmark"].rsplit(".", 1)[1]] = dict(dist(raw), unit=r["primaryMetric"]["scoreUnit"])
    out = []
    for net in ("vector", "image"):
        for head in ("Critic", "Actor"):
            floor = by.get(f"{net}{head}Floor")
            for kind, name in (("DL4J fit", f"{net}{head}Step"),
                               ("sparkrl step", f"{net}{head}DenseStep" if net == "vector"
                                else f"{net}{head}ConvStep")):
                if name in by and floor:
                    out.append({"step": f"{net} {head.lower()}", "by": kind, "time": by[name],
                                "floor": floor, "ratio": by[name]["median"] / floor["median"]})
    return out


def report():
    st = lines("stage1.jsonl")
    tr = lines("trainer.jsonl")[-1]
    sc = lines("scaling.jsonl")
    sg = steps()
    ours = [s for s in sg if s["by"] == "sparkrl step"]
    first, last = sc[0], sc[-1]
    ce = summary("cluster-epoch.jsonl", "cluster_epoch")
    ex = lines("exchange.jsonl")
    targets = [
        {"target": "stage 1 at >= 50% of its floor",
         "value": min(r["fraction_of_floor"] for r in st), "limit": 0.5,
         "ok": all(r["fraction_of_floor"] >= 0.5 for r in st)},
        {"target": "an SGD step within 2x of its floor",
         "value": max(s["ratio"] for s in ours) if ours else None, "limit": 2.0,
         "ok": bool(ours) and all(s["ratio"] <= 2.0 for s in ours)},
        {"target": f"{last['transitions']:,} rows at most 11x {first['transitions']:,} rows "
                   "(stage 1 and epoch)",
         "value": max(last[k]["median"] / first[k]["median"]
                      for k in ("stage1_seconds", "epoch_seconds")),
         "limit": 11.0 * last["transitions"] / first["transitions"] / 10,
         "ok": all(last[k]["median"] / first[k]["median"]
                   <= 11.0 * last["transitions"] / first["transitions"] / 10
                   for k in ("stage1_seconds", "epoch_seconds"))},
        {"target": "driver memory flat as rows grow (peak heap after a collection at the "
                   "largest size within 1.25x of the smallest)",
         "value": last["driver_peak_heap_after_gc_mib"] / first["driver_peak_heap_after_gc_mib"],
         "limit": 1.25,
         "ok": last["driver_peak_heap_after_gc_mib"]
         <= 1.25 * first["driver_peak_heap_after_gc_mib"]},
        {"target": "no out-of-memory at 10M rows (millions of rows whose run finished)",
         "value": last["transitions"] / 1e6, "limit": 9.9,
         "ok": last["transitions"] >= 9_900_000},
        {"target": "Spark backend, 1 worker, within 1.25x of single-process fit per epoch",
         "value": tr["w1_epoch_over_fit_epoch"], "limit": 1.25,
         "ok": tr["w1_epoch_over_fit_epoch"] <= 1.25},
        {"target": "cluster epoch: 2 one-core workers at most 0.55x of 1 worker",
         "value": ce["w2_over_w1"], "limit": 0.55, "ok": ce["w2_over_w1"] <= 0.55},
    ]
    cost = os.path.join(bench, "cost-model.md")
    return {"machine": machine(), "stage1": st, "steps": sg, "trainer": tr, "scaling": sc,
            "cluster_epoch": ce, "exchange": ex, "targets": targets,
            "cost_model": open(cost).read().strip() if os.path.exists(cost) else None}


def fmt(d, digits=2, scale=1.0):
    return (f"{d['median'] * scale:.{digits}f} "
            f"({d['min'] * scale:.{digits}f}–{d['max'] * scale:.{digits}f})")


def markdown(r):
    m = r["machine"]
    out = [f"Generated by `scripts/bench.sh` on {m['date']} at commit `{m['commit']}`: "
           f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}; {m['java']}; "
           f"Spark {m['spark']}, DL4J {m['dl4j']} ({m['nd4j_backend']}). Medians with min–max in "
           "brackets; every floor is measured in the same run on the same machine. One BLAS thread "
           f"per task throughout. Load average when the suite ended: {m['load_average_at_end']:.2f}.",
           "", "### Targets", "", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for t in r["targets"]:
        v = "n/a" if t["value"] is None else f"{t['value']:.2f}"
        out.append(f"| {t['target']} | {v} | {t['limit']:.2f} | {'yes' if t['ok'] else 'no'} |")
    out += ["", "### 1. Stage 1 (values + TD(λ) returns) next to its floor", "",
            "| rows | Spark `local[2]` transitions/s | floor rows/s (forward products, 2 threads) "
            "| fraction of floor | Spark s | floor s |", "|---:|---:|---:|---:|---:|---:|"]
    for s in r["stage1"]:
        out.append(f"| {s['rows']:,} | {s['spark_transitions_per_s']:,.0f} | "
                   f"{s['forward_floor_rows_per_s']:,.0f} | {s['fraction_of_floor']:.2f} | "
                   f"{fmt(s['spark_seconds'])} | {fmt(s['forward_floor_seconds'])} |")
    out += ["", "### 2. One SGD step (batch 256) next to the floor of its matrix products", "",
            "| step | by | ms per step | floor ms | ratio |", "|---|---|---:|---:|---:|"]
    for s in r["steps"]:
        out.append(f"| {s['step']} | {s['by']} | {fmt(s['time'])} | {fmt(s['floor'])} | "
                   f"{s['ratio']:.2f} |")
    tr = r["trainer"]
    out += ["", f"### 3. One epoch in one JVM (Spark `local[2]`, {tr['transitions']:,} CartPole "
            f"transitions, d3rlpy defaults: {tr['iterations_per_epoch']} iterations of "
            f"{tr['n_critic_updates']}+{tr['n_actor_updates']} steps)", "",
            f"Medians of {tr['repeats']} runs; the epoch is the round's set-up plus groups per "
            "epoch times the steady group (fit: the returns before every iteration, as d3rlpy). "
            "Two workers here share the JVM's two cores with the driver.", "",
            "| trainer | workers | s / group | sync ms / period | round set-up s | epoch s "
            "| epoch / fit |", "|---|---:|---:|---:|---:|---:|---:|"]
    fit = tr["trainers"]["fit"]["epoch_seconds"]
    for name, x in tr["trainers"].items():
        out.append(f"| {name} | {x['workers']} | {fmt(x['group_seconds'], 3)} | "
                   f"{fmt(x['sync_ms_per_period'], 2)} | {fmt(x['round_setup_seconds'], 3)} | "
                   f"{x['epoch_seconds']:.0f} | {x['epoch_seconds'] / fit:.2f} |")
    c = tr["critic_only"]
    out += ["", f"Critic alone, 2 workers, {c['worker_steps']} steps: sparkrl "
            f"{c['ours_steps_per_s']:.0f} SGD steps/s, dl4j-spark's "
            f"ParameterAveragingTrainingMaster {c['patm_steps_per_s']:.0f} "
            f"({c['ours_steps_per_s'] / c['patm_steps_per_s']:.2f}x)."]
    out += ["", "### 4. Scaling (standalone cluster: driver and one 2-core executor as separate "
            "JVMs)", "",
            f"Stage 1 and one epoch of `ScalingRun` (batch_size {r['scaling'][0]['batch_size']}, "
            "one critic and one actor step per iteration, 2 workers; driver -Xmx "
            f"{r['scaling'][0]['driver_heap']}, executor {r['scaling'][0]['executor_memory']}). "
            "Times: medians of the repeats within one application. Memory: peaks over the whole "
            "application; the heap after a collection is the driver's live data (an upper bound), "
            "the sampled heap and the resident sets also follow when the JVM chose to collect.",
            "",
            "| transitions | iterations | stage 1 s | epoch s | driver peak heap after GC MiB "
            "| driver peak heap MiB | driver peak RSS MiB | executor peak RSS MiB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in r["scaling"]:
        out.append(f"| {s['transitions']:,} | {s['iterations']} | {fmt(s['stage1_seconds'])} | "
                   f"{fmt(s['epoch_seconds'])} | {s['driver_peak_heap_after_gc_mib']:.0f} | "
                   f"{s['driver_peak_heap_mib']:.0f} | {s['driver_peak_rss_mib']:.0f} | "
                   f"{s['executor_peak_rss_mib_max']:.0f} |")
    ce = r["cluster_epoch"]
    out += ["", f"### 5. One epoch on a standalone cluster (`sparkrl train`, conf/cartpole.json, "
            f"{ce['transitions']:,} transitions; Master and one-core Workers as separate JVMs)", "",
            f"Medians of {ce['repeats']} interleaved runs; the split comes from each run's "
            "timing.csv. Seconds.", "",
            "| variant | epoch | stage 1 | SGD steps | sync | other | sync / training |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, v in ce["variants"].items():
        out.append(f"| {name} | {fmt(v['epoch_seconds'], 1)} | {fmt(v['stage1_seconds'], 1)} | "
                   f"{fmt(v['compute_seconds'], 1)} | {fmt(v['sync_seconds'], 1)} | "
                   f"{fmt(v['other_seconds'], 1)} | {100 * v['sync_share_of_training']:.1f} % |")
    out += ["", f"2 workers / 1 worker: {ce['w2_over_w1']:.3f}; a job per period / barrier: "
            f"{ce['jobs_over_barrier']:.3f}.", "",
            "### 6. The averaging exchange (threads in one JVM, TCP over loopback)", "",
            "| workers | floats | ms per averaging |", "|---:|---:|---:|"]
    for x in r["exchange"]:
        out.append(f"| {x['workers']} | {x['floats']:,} | {fmt(x['ms_per_round'], 2)} |")
    if r["cost_model"]:
        out += ["", "Cost model (`scripts/bench-exchange.sh`; beyond 2 workers an extrapolation "
                "under the stated assumptions, plotted in [cost-model.png](cost-model.png)):", "",
                r["cost_model"]]
    return "\n".join(out)


results = report()
with open(os.path.join(bench, "results.json"), "w") as f:
    json.dump(results, f, indent=2)
doc = os.path.join(root, "docs", "benchmarks.md")
text = open(doc).read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
if begin not in text:
    sys.exit(f"{doc} has no {begin} marker")
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(head + begin + "\n" + markdown(results) + "\n" + end + tail)
print(markdown(results))
failed = [t["target"] for t in results["targets"] if not t["ok"]]
print("\ntargets not met: " + ("; ".join(failed) if failed else "none"))
