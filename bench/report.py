"""What bench/compare.py prints and stores: medians over the rounds, the Markdown table with its
header line and footnotes, and the JSON file. Standard library only.
"""

import datetime
import functools
import json
import os
import re
import shlex
import statistics
import subprocess
import sys

from procs import log
from vigils import target_title

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOISY_OTHERS_PCT = 20.0  # CPU % of one core used by other processes that earns a note
DEFAULT_DATA_SIZE = 3  # redis-benchmark's own -d default; other sizes show in the case column
FOOTNOTE = ("Medians over %d interleaved rounds of `redis-benchmark -n %d -d %s%s --csv`, one "
            "process per case and test. *CPU* is that of the process the client talks to (the "
            "proxy, or Redis on direct rows) during the run, as %% of one core and per request; "
            "*Redis µs/req* is the backend Redis's CPU per request and *reads/req* its read "
            "events per request (lower = better batched). redis-benchmark, the proxy "
            "and Redis share the %d cores. *÷* divides the row's median rps by the other's.")
TARGET_TITLES = {"redis": "Redis (direct)", "twemproxy": "twemproxy",
                 "haproxy": "HAProxy (tcp)"}  # and "Vigil", "Vigil NAME" (vigils.target_title)
BASE_TITLES = {"redis": "Redis", "twemproxy": "twemproxy"}
CPU_KEYS = ("cpu_target_pct", "cpu_target_us_per_req", "cpu_redis_pct", "cpu_redis_us_per_req",
            "cpu_client_pct", "cpu_others_pct", "redis_reads_per_req", "redis_writes_per_req")


def case_label(case):
    label = "-c %d -P %d" % (case["clients"], case["pipeline"])
    if case["data_size"] != DEFAULT_DATA_SIZE:
        label += " -d %d" % case["data_size"]
    return label


def fmt(value, pattern):
    return "—" if value is None else pattern % value


# ---------------------------------------------------------------- medians

def summarize(runs, targets):
    """Median per (data size, clients, pipeline, test row, target) over the rounds, in first-seen
    order; node_calls adds up each backend node's calls over the rounds."""
    groups = {}
    for run in runs:
        for test, row in run["rows"].items():
            key = (run["data_size"], run["clients"], run["pipeline"], test)
            per_target = groups.setdefault(key, {})
            per_target.setdefault(run["target"], []).append(
                dict(row, **{key: run.get(key) for key in CPU_KEYS + ("nodes", "requests")}))
    summary = []
    for (data_size, clients, pipeline, test), per_target in groups.items():
        medians = {name: medians_of(rows) for name, rows in per_target.items()}
        for name in targets:
            if name not in medians:
                continue
            entry = dict(medians[name], data_size=data_size, clients=clients, pipeline=pipeline,
                         test=test, target=name)
            for base in ("redis", "twemproxy"):
                if name not in ("redis", base) and base in medians:  # a proxy's row
                    entry["vs_" + base] = round(entry["rps"] / medians[base]["rps"], 3)
            summary.append(entry)
    return summary


def medians_of(rows):
    def median(key):
        values = [row[key] for row in rows if row.get(key) is not None]
        return statistics.median(values) if values else None
    rps = [row["rps"] for row in rows]
    entry = {"rounds": len(rows), "rps": median("rps"), "rps_min": min(rps),
             "rps_max": max(rps), "p50_ms": median("p50_latency_ms"),
             "p99_ms": median("p99_latency_ms"), **{key: median(key) for key in CPU_KEYS}}
    counted = [row for row in rows if row.get("nodes")]
    if counted:
        entry["node_requests"] = sum(row["requests"] for row in counted)
        entry["node_calls"] = {}
        for row in counted:
            for label, deltas in row["nodes"].items():
                totals = entry["node_calls"].setdefault(label, {})
                for command, value in deltas.items():
                    totals[command] = totals.get(command, 0) + value
    return entry


def node_cell(entry, setup):
    """Each backend node's share of the setup's counted calls; per request when sharded."""
    calls = entry.get("node_calls")
    if not calls:
        return "—"
    per_node = {label: sum(deltas.get(command, 0) for command in setup.node_commands)
                for label, deltas in calls.items()}
    total = sum(per_node.values())
    if not total:
        return "—"
    cell = " / ".join("%s %.1f %%" % (label, 100 * count / total)
                      for label, count in per_node.items())
    if setup.name == "sharded":
        cell += "; %.2f/req" % (total / entry["node_requests"])
    return cell


# ---------------------------------------------------------------- Markdown

def markdown(summary, meta, args, setup, note):
    ratio_bases = [base for base in ("redis", "twemproxy") if base in args.targets
                   and any(("vs_" + base) in entry for entry in summary)]
    head = ["case", "test", "target", "rps", "p50 ms", "p99 ms", "CPU %", "CPU µs/req",
            "Redis µs/req", "Redis reads/req"]
    head += ["÷ " + BASE_TITLES[base] for base in ratio_bases]
    if setup.node_column:
        head.append(setup.node_column)
    lines = [meta["header"], "", "| " + " | ".join(head) + " |",
             "|" + "|".join(" --- " if i < 3 or (setup.node_column and i == len(head) - 1)
                            else " ---: " for i in range(len(head))) + "|"]
    for entry in summary:
        rps = format(entry["rps"], ",.0f")
        if entry["rounds"] < args.rounds:
            rps += " (%d/%d)" % (entry["rounds"], args.rounds)
        title = TARGET_TITLES.get(entry["target"]) or target_title(entry["target"])
        if entry["target"] == "redis" and setup.name == "replicas":
            title = "Redis master (direct)"
        cells = [case_label(entry), entry["test"], title, rps, fmt(entry["p50_ms"], "%.3f"),
                 fmt(entry["p99_ms"], "%.3f"), fmt(entry["cpu_target_pct"], "%.0f"),
                 fmt(entry["cpu_target_us_per_req"], "%.1f"),
                 fmt(entry["cpu_redis_us_per_req"], "%.1f"),
                 fmt(entry["redis_reads_per_req"], "%.3f")]
        cells += [fmt(entry.get("vs_" + base), "%.2f×") for base in ratio_bases]
        if setup.node_column:
            cells.append(node_cell(entry, setup))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", FOOTNOTE % (args.rounds, args.requests,
                              ",".join(str(size) for size in args.data_size),
                              " -r %d" % args.keyspace if args.keyspace else "", meta["nproc"])]
    extra = [setup.describe(args)]
    if "mget100" in args.tests:
        extra.append("*MGET 100 keys* is `redis-benchmark … -r %d --csv MGET key:__rand_int__ "
                     "…` with 100 keys, each drawn on its own for every request." % args.keyspace)
    if any(extra):
        lines += ["", " ".join(text for text in extra if text)]
    if note:
        lines += ["", note]
    return "\n".join(lines)


# ---------------------------------------------------------------- header line

def version_of(argv, pattern, template):
    """The tool's version line matched by pattern, rewritten by template (e.g. r"Redis \1")."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    match = re.search(pattern, done.stdout + done.stderr)
    return match.expand(template) if match else "unknown"


@functools.lru_cache(maxsize=None)
def jar_built(jar):
    """The jar's build time and the newest commit older than it (the jar does not record its
    commit)."""
    built = datetime.datetime.fromtimestamp(os.path.getmtime(jar), datetime.timezone.utc)
    commit = version_of(["git", "-C", REPO, "log", "-1", "--format=%h",
                         "--before=" + built.isoformat()], r"(\w+)", r"\1")
    return built.strftime("%Y-%m-%d %H:%M UTC"), commit


def shown_path(path):
    """A path relative to the repository when it is inside it."""
    relative = os.path.relpath(path, REPO)
    return path if relative.startswith("..") else relative


def collect_meta(args, setup):
    nproc = len(os.sched_getaffinity(0))
    cpu = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo
                        if line.startswith("model name")), "")
    except OSError:
        pass
    versions = {"redis": version_of(["redis-server", "--version"], r"v=(\S+)", r"Redis \1")}
    if "twemproxy" in args.targets:
        versions["twemproxy"] = version_of(["nutcracker", "-V"], r"nutcracker-(\S+)",
                                           r"nutcracker \1")
    if args.vigils:
        versions["java"] = version_of(["java", "-version"], r'(\w+) version "([^"]+)"', r"\1 \2")
    for spec in args.vigils:
        spec["built"], spec["commit"] = jar_built(spec["jar"])
        detail = "built %s (newest commit then: %s; JVM `%s`%s)" % (
            spec["built"], spec["commit"], spec["jvm_opts"],
            "; args `%s`" % spec["args"] if spec["args"] else "")
        versions[spec["target"]] = "Vigil jar " + detail if spec["name"] is None \
            else "%s: jar `%s` %s" % (target_title(spec["target"]), shown_path(spec["jar"]),
                                      detail)
    if "haproxy" in args.targets:
        versions["haproxy"] = version_of(["haproxy", "-v"], r"version (\d[\w.]*)", r"HAProxy \1")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = shlex.join(["python3"] + sys.argv)
    load = os.getloadavg()[0]
    header = "**%s**, nproc %d%s, load %.2f at start; %s; command: `%s`" % (
        date, nproc, " (%s)" % cpu if cpu else "", load, ", ".join(versions.values()), command)
    return {"date": date, "nproc": nproc, "cpu": cpu, "load_at_start": load, "setup": setup.name,
            "setup_details": setup.details, "versions": versions, "vigils": args.vigils,
            "command": command, "header": header}


# ---------------------------------------------------------------- the whole report

def report(args, setup, meta, runs, warmups, failure):
    """Print the table (also after a failure, for the runs that finished), write the JSON, and
    return the exit status."""
    errors = [run for run in runs + warmups if run["error"]]
    notes = ["- round %d, %s %s %s: %s" % (run["round"], run["target"], case_label(run),
                                           run["test"], run["error"])
             for run in errors]
    stderr = sorted({line for run in runs + warmups for line in run["stderr"]} - {
        run["error"] for run in errors})
    notes += ["- redis-benchmark said: %s" % line for line in stderr[:10]]
    if failure:
        notes.append("- stopped early: %s" % failure.splitlines()[0])
    misses = sum(deltas["misses"] for run in runs for deltas in (run.get("nodes") or {}).values())
    if misses:
        notes.append("- %d key lookups missed (`keyspace_misses` of the backends during the runs): "
                     "some reads found no value" % misses)
    others = sorted(run["cpu_others_pct"] for run in runs if run["cpu_others_pct"] is not None)
    if others and others[-1] >= NOISY_OTHERS_PCT:
        notes.append("- other processes used CPU during the runs: median %.0f%%, max %.0f%% of "
                     "one core (`cpu_others_pct` in the JSON)"
                     % (statistics.median(others), others[-1]))
    summary = summarize(runs, args.targets) if runs else []
    if summary and meta is not None:
        print(markdown(summary, meta, args, setup,
                       "\n".join(["Notes:"] + notes) if notes else ""))
    if args.json and meta is not None:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump({"meta": meta, "args": {key: value for key, value in vars(args).items()},
                       "summary": summary, "runs": runs, "warmup": warmups, "failure": failure},
                      out, indent=1)
        log("wrote %s" % args.json)
    if failure:
        log("compare.py: %s" % failure)
        return 130 if failure == "interrupted" else 1
    return 1 if errors else 0
