#!/usr/bin/env python3
"""Failover comparison: the same faults against Vigil and against direct Sentinel clients.

Runs FaultMatrixIT with -Dvigil.faults=full through Maven (every fault of issue #10 against Vigil,
Jedis's JedisSentinelPool and Lettuce's master/replica client, each on a fresh sandbox of 1 master,
2 replicas and 3 sentinels), collects the FAULT-HISTORY line each run prints, and writes one
Markdown table per run set: writes acknowledged, acknowledged and lost, errors, longest time
without a successful write. Needs what `mvn verify` needs; builds nothing else.

    python3 bench/failover.py                        # one round, about 12 minutes on 2 cores
    python3 bench/failover.py --rounds 3 --json bench/results/failover.json
    python3 bench/failover.py --only PAUSE,ISOLATE   # some faults only
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"FAULT-HISTORY (\{.*?\})")
CLIENTS = ["vigil", "jedis-sentinel", "lettuce-sentinel"]


def run_matrix(rounds, only):
    cmd = ["mvn", "-B", "-Dtest=none", "-Dit.test=FaultMatrixIT", "-Dsurefire.failIfNoSpecifiedTests=false",
           "-DfailIfNoTests=false", "-Dvigil.faults=full", f"-Dvigil.faults.rounds={rounds}"]
    if only:
        cmd.append(f"-Dvigil.faults.only={only}")
    cmd.append("verify")
    print("running:", " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    results = [json.loads(m.group(1)) for m in LINE.finditer(proc.stdout)]
    verdict = "passed" if proc.returncode == 0 else "FAILED (see the Maven output for which promise broke)"
    return results, verdict, proc


def table(results):
    by = defaultdict(list)
    for r in results:
        by[(r["fault"], r["client"])].append(r)
    faults = list(dict.fromkeys(r["fault"] for r in results))
    out = ["| fault | client | runs | writes acknowledged | acknowledged and lost | errors (failed + unknown)"
           " | failed but applied | longest time without a successful write (ms) |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for fault in faults:
        for client in CLIENTS:
            runs = by.get((fault, client))
            if not runs:
                continue
            def col(key, fmt="{:d}"):
                vals = [r[key] for r in runs]
                return fmt.format(vals[0]) if len(vals) == 1 else " / ".join(fmt.format(v) for v in vals)
            errors = " / ".join(f'{r["errors"]} ({r["failed"]}+{r["unknown"]})' for r in runs)
            out.append(f'| {fault} | {client} | {len(runs)} | {col("acknowledged")} | {col("ack_lost")} | {errors}'
                       f' | {col("failed_applied")} | {col("longest_gap_ms", "{:.0f}")} |')
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1, help="repeat the whole matrix N times (default 1)")
    ap.add_argument("--only", default="", help="comma list of faults: KILL,PAUSE,PLANNED,ISOLATE,RESTART_VIGIL")
    ap.add_argument("--json", help="also write every run's verdict to this file")
    args = ap.parse_args()
    results, verdict, proc = run_matrix(args.rounds, args.only)
    if not results:
        sys.stdout.write(proc.stdout[-4000:])
        print("no FAULT-HISTORY line: the runs did not get that far", file=sys.stderr)
        return 1
    print(table(results))
    print()
    print(f"FaultMatrixIT {verdict}; {len(results)} runs; several runs of one cell are shown as a / b / c.")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"rounds": args.rounds, "runs": results}, indent=1))
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
