#!/usr/bin/env python3
"""Benchmark Redis, twemproxy, Vigil (and optionally HAProxy) side by side with redis-benchmark.

Usage:
    python3 bench/compare.py [--setup single|sharded|replicas] [--rounds 5]
                             [--targets redis,twemproxy,vigil] [--with-haproxy]
                             [--clients 50] [--requests 200000] [--pipelines 1,16]
                             [--tests set,get] [--data-size 3] [--keyspace N]
                             [--vigil-args STR] [--json FILE]
                             [--vigil-variant 'NAME:KEY=VALUE[;KEY=VALUE...]' ...]

It starts the backend Redis processes of the chosen setup (bench/setups.py) and, in front of
them, each selected proxy on free 127.0.0.1 ports in a temporary directory, runs redis-benchmark
against every target in interleaved rounds, prints a Markdown table of medians to stdout
(bench/report.py; progress goes to stderr) and stops every process it started by its PID, also
on Ctrl-C. Each --vigil-variant is one more Vigil process and target, vigil-NAME (see
bench/vigils.py). Standard library only; see bench/README.md.

redis-benchmark 7.0 `--csv` prints a quoted header and one quoted row per test:
    "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",
    "p99_latency_ms","max_latency_ms"
    "SET","64935.07","0.664","0.376","0.623","0.959","1.607","1.983"
For a custom command the test name is the command line as given, `__rand_int__` unexpanded:
    "MGET key:__rand_int__ key:__rand_int__ ...","3000.00",...
It exits non-zero on the first error reply or closed connection (its `-e` no longer exists).
"""

import argparse
import csv
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from procs import BenchError, cpu_delta, cpu_seconds, log, machine_busy_seconds
from report import case_label, collect_meta, report
from setups import NODE_FIELDS, SETUP_CLASSES, SETUPS
from vigils import PLAIN, check_variant_names, parse_variant, vigil_specs

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_VIGIL_JAR = os.path.join(REPO, "target", "vigil.jar")
LAUNCHER = os.path.join(REPO, "vigil")
ALL_TARGETS = ("redis", "twemproxy", "vigil", "haproxy")
CSV_COLUMNS = ["test", "rps", "avg_latency_ms", "min_latency_ms", "p50_latency_ms",
               "p95_latency_ms", "p99_latency_ms", "max_latency_ms"]
# What redis-benchmark prints on stderr against any proxy, which refuses CONFIG GET.
BENIGN_STDERR = ("WARNING: Could not fetch server CONFIG",)
# Tests that are a custom command rather than a -t name: the command, and the row title.
NAMED_TESTS = {"mget100": (["MGET"] + ["key:__rand_int__"] * 100, "MGET 100 keys")}
MAX_LOAD_BYTES = 256 << 20  # keyspace × data size the harness agrees to load


# ---------------------------------------------------------------- one redis-benchmark run

def benchmark_argv(port, case, test, args, requests):
    argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", str(case["clients"]),
            "-n", str(requests), "-P", str(case["pipeline"]), "-d", str(case["data_size"])]
    if test in NAMED_TESTS:
        return argv + ["--csv", "-r", str(args.keyspace)] + NAMED_TESTS[test][0]
    argv += ["-t", test, "--csv"]
    if args.keyspace:
        argv += ["-r", str(args.keyspace)]
    return argv


def parse_csv(stdout, test):
    """The --csv rows keyed by test name ("SET", "PING_INLINE", ...; a named test's title for
    its custom command); unquoted lines are noise."""
    rows = list(csv.reader(line for line in stdout.splitlines() if line.startswith('"')))
    if not rows or rows[0] != CSV_COLUMNS:
        raise ValueError("unexpected --csv header: %r" % (rows[0] if rows else None))
    result = {}
    for row in rows[1:]:
        if len(row) != len(CSV_COLUMNS):
            raise ValueError("unexpected --csv row: %r" % row[:2])
        name = row[0]
        if test in NAMED_TESTS and name == " ".join(NAMED_TESTS[test][0]):
            name = NAMED_TESTS[test][1]
        result[name] = {col: float(value) for col, value in zip(CSV_COLUMNS[1:], row[1:])}
    return result


def sum_cpu(servers):
    seconds = [cpu_seconds(server.pid) for server in servers]
    return None if None in seconds else sum(seconds)


def run_benchmark(name, setup, case, test, args, requests, round_no):
    """One redis-benchmark process against one target; returns the record --json stores."""
    server = setup.target_server(name)
    backends = [node for _, node in setup.nodes]
    ours = list(setup.servers.values())
    argv = benchmark_argv(server.port, case, test, args, requests)
    record = {"round": round_no, "target": name, "data_size": case["data_size"],
              "clients": case["clients"], "pipeline": case["pipeline"], "test": test,
              "requests": requests, "argv": argv, "rows": {}, "error": None}
    setup.before_run(name)
    cpu_server, cpu_redis = cpu_seconds(server.pid), sum_cpu(backends)
    cpu_ours = [cpu_seconds(each.pid) for each in ours]
    cpu_machine, nodes = machine_busy_seconds(), setup.node_stats()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=args.run_timeout)
        stdout, stderr, status = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:  # run() has killed redis-benchmark already
        stdout = exc.stdout or ""
        stdout = stdout.decode(errors="replace") if isinstance(stdout, bytes) else stdout
        stderr, status = "timed out after %d s" % args.run_timeout, None
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    record["wall_s"] = round(wall, 3)
    # CPU seconds used during the run by the process the client talks to (Redis itself for the
    # direct target), by the backend Redis processes together, and by redis-benchmark; /proc
    # counts in 10 ms ticks.
    record["cpu_target_s"] = cpu_delta(cpu_server, cpu_seconds(server.pid))
    record["cpu_redis_s"] = cpu_delta(cpu_redis, sum_cpu(backends))
    record["cpu_client_s"] = cpu_delta(usage.ru_utime + usage.ru_stime,
                                       after.ru_utime + after.ru_stime)
    # What the rest of the machine used meanwhile: busy time of all CPUs minus our processes.
    ours_s = sum(cpu_delta(before, cpu_seconds(each.pid)) or 0.0
                 for before, each in zip(cpu_ours, ours))
    others = cpu_delta(cpu_machine, machine_busy_seconds())
    record["cpu_others_s"] = None if others is None \
        else round(max(0.0, others - ours_s - (record["cpu_client_s"] or 0.0)), 3)
    for who in ("target", "redis", "client", "others"):
        seconds = record["cpu_%s_s" % who]
        record["cpu_%s_pct" % who] = None if seconds is None else round(100 * seconds / wall, 1)
        record["cpu_%s_us_per_req" % who] = None if seconds is None \
            else round(seconds * 1e6 / requests, 2)
    nodes_after = setup.node_stats()
    if nodes is not None and nodes_after is not None:
        # Read and write events of the backends together (how well the target batches), and
        # each node's GET/SET/MGET calls and key lookups (hits, misses) during the run.
        for field in ("reads", "writes"):
            record["redis_%s_per_req" % field] = round(sum(
                nodes_after[label][field] - nodes[label][field] for label in nodes) / requests, 3)
        record["nodes"] = {label: {command: nodes_after[label][command] - nodes[label][command]
                                   for command in NODE_FIELDS} for label in nodes}
    record["exit_status"] = status
    record["stderr"] = [line for line in stderr.splitlines()
                        if line.strip() and not line.startswith(BENIGN_STDERR)]
    try:
        record["rows"] = parse_csv(stdout, test)
    except ValueError as exc:
        record["error"] = str(exc)
    if status != 0 or not record["rows"]:
        record["error"] = "; ".join(record["stderr"][-2:]) or record["error"] \
            or "redis-benchmark exit status %s" % status
        record["rows"] = {}
    for each in ours:
        each.check_alive("during the benchmark")
    return record


def describe(record):
    if record["error"]:
        return "ERROR %s" % record["error"]
    parts = []
    for test, row in record["rows"].items():
        parts.append("%s %s rps p50 %.3f p99 %.3f ms" % (test, format(row["rps"], ",.0f"),
                                                          row["p50_latency_ms"],
                                                          row["p99_latency_ms"]))
    parts.append("CPU %s%% %s µs/req (redis %s%% %s µs/req %s reads/req, client %s%%, "
                 "others %s%%)" % (
                     record["cpu_target_pct"], record["cpu_target_us_per_req"],
                     record["cpu_redis_pct"], record["cpu_redis_us_per_req"],
                     record.get("redis_reads_per_req"), record["cpu_client_pct"],
                     record["cpu_others_pct"]))
    if record.get("nodes") and len(record["nodes"]) > 1:
        parts.append("nodes " + " ".join(
            "%s %s" % (label, "/".join(str(count) for count in counts.values()))
            for label, counts in record["nodes"].items()) + " (get/set/mget/hits/misses)")
    return "; ".join(parts)


# ---------------------------------------------------------------- command line

def launcher_jvm_opts():
    """The java_opts default of the ./vigil launcher: ${VIGIL_JAVA_OPTS:-<default>}."""
    try:
        with open(LAUNCHER) as script:
            match = re.search(r'java_opts="\$\{VIGIL_JAVA_OPTS:-([^}]*)\}"', script.read())
    except OSError:
        match = None
    return match.group(1) if match else None


def int_list(text):
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("expected positive integers separated by commas")
    return values


def variant(text):
    try:
        return parse_variant(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive integer")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Benchmark Redis, twemproxy and Vigil side by side with redis-benchmark "
                    "(all on 127.0.0.1). Prints a Markdown table of medians; see bench/README.md.")
    parser.add_argument("--setup", choices=SETUPS, default="single",
                        help="single: one Redis; sharded: a pool of 3 Redis shards; replicas: a "
                             "master and 2 replicas (default: %(default)s)")
    parser.add_argument("--targets", default=None,
                        help="comma list of: " + ",".join(ALL_TARGETS)
                        + " (default: redis,twemproxy,vigil; twemproxy,vigil with --setup "
                          "sharded; without vigil when --vigil-variant is given); the backend "
                          "Redis processes are always started")
    parser.add_argument("--with-haproxy", action="store_true",
                        help="also measure HAProxy in TCP mode in front of the same Redis "
                             "(the master with --setup replicas)")
    parser.add_argument("--rounds", type=positive, default=5,
                        help="interleaved rounds; each prints the median (default: %(default)s)")
    parser.add_argument("--clients", type=int_list, default=[50],
                        help="redis-benchmark -c, comma list (default: 50)")
    parser.add_argument("--requests", type=positive, default=200000,
                        help="redis-benchmark -n per run (default: %(default)s)")
    parser.add_argument("--pipelines", type=int_list, default=[1, 16],
                        help="redis-benchmark -P, comma list (default: 1,16)")
    parser.add_argument("--tests", default="set,get",
                        help="redis-benchmark -t names, or mget100 (MGET of 100 random keys), "
                             "comma list; each is its own run (default: %(default)s)")
    parser.add_argument("--data-size", type=int_list, default=[3],
                        help="redis-benchmark -d, value size in bytes, comma list, one case "
                             "each (default: 3)")
    parser.add_argument("--keyspace", type=int, default=None,
                        help="redis-benchmark -r, random keys, loaded before the runs (default: "
                             "0 = one key; 10000 with --setup sharded)")
    parser.add_argument("--warmup-requests", type=int, default=None,
                        help="requests per case and test in Vigil's JIT warm-up, not measured "
                             "(default: --requests; 0 skips it)")
    parser.add_argument("--vigil-jar", default=DEFAULT_VIGIL_JAR,
                        help="the jar to run (default: target/vigil.jar in the repository)")
    parser.add_argument("--vigil-jvm-opts", default=None,
                        help="JVM options for Vigil (default: the java_opts default of ./vigil)")
    parser.add_argument("--vigil-args", default="",
                        help="arguments for Vigil after -c FILE, e.g. '--threads 1' (default: "
                             "none)")
    parser.add_argument("--vigil-variant", type=variant, action="append", default=[],
                        metavar="NAME:KEY=VALUE",
                        help="one more Vigil process and target, vigil-NAME, repeatable; KEY: "
                             "jar, jvm-opts (replaces the default JVM options), jvm-opts-add "
                             "(appended to them), args (replaces --vigil-args). Without vigil "
                             "in --targets only the variants run. See bench/README.md")
    parser.add_argument("--run-timeout", type=positive, default=600,
                        help="seconds before one redis-benchmark run is killed (default: "
                             "%(default)s)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the raw per-round numbers and the medians to FILE")
    parser.add_argument("--keep-tmp", action="store_true",
                        help="keep the temporary directory (configs and server logs)")
    args = parser.parse_args(argv)
    setup = SETUP_CLASSES[args.setup]
    if check_variant_names(args.vigil_variant):
        parser.error(check_variant_names(args.vigil_variant))
    if args.targets is None:
        # With variants the plain Vigil runs only when --targets names it.
        args.targets = ",".join(name for name in ("redis", "twemproxy", "vigil")
                                if name in setup.targets
                                and not (name == PLAIN and args.vigil_variant))
    args.targets = [name.strip() for name in args.targets.split(",") if name.strip()]
    if args.with_haproxy and "haproxy" not in args.targets:
        args.targets.append("haproxy")
    unknown = [name for name in args.targets if name not in ALL_TARGETS]
    if unknown or len(set(args.targets)) != len(args.targets) \
            or not (args.targets or args.vigil_variant):
        parser.error("--targets: %s (expected: distinct names among %s; each --vigil-variant "
                     "adds its own target)" % (",".join(args.targets), ",".join(ALL_TARGETS)))
    if any(name not in setup.targets for name in args.targets):
        parser.error("--setup %s measures only %s (not %s); see bench/README.md"
                     % (args.setup, ",".join(setup.targets), ",".join(
                         name for name in args.targets if name not in setup.targets)))
    args.tests = [test.strip() for test in args.tests.split(",") if test.strip()]
    if not args.tests or not all(re.fullmatch(r"[A-Za-z0-9_]+", test) for test in args.tests):
        parser.error("--tests: expected redis-benchmark test names such as set,get, or mget100")
    if args.keyspace is None:
        args.keyspace = setup.default_keyspace
    if args.keyspace < 0:
        parser.error("--keyspace: expected 0 or a positive integer")
    if not args.keyspace and any(test in NAMED_TESTS for test in args.tests):
        parser.error("--tests mget100 needs --keyspace N (> 0): without -r redis-benchmark "
                     "does not expand __rand_int__")
    if args.keyspace * max(args.data_size) > MAX_LOAD_BYTES:
        parser.error("--keyspace %d × --data-size %d is more than %d MiB to load; pass a smaller "
                     "--keyspace (e.g. 1000 for 100 KB values)"
                     % (args.keyspace, max(args.data_size), MAX_LOAD_BYTES >> 20))
    if args.warmup_requests is None:
        args.warmup_requests = args.requests
    if args.vigil_jvm_opts is None:
        args.vigil_jvm_opts = launcher_jvm_opts()
        if args.vigil_jvm_opts is None:
            parser.error("cannot read the java_opts default from %s; pass --vigil-jvm-opts"
                         % LAUNCHER)
    args.vigil_jar = os.path.abspath(args.vigil_jar)
    try:
        args.vigils = vigil_specs(args)
    except ValueError as exc:
        parser.error(str(exc))
    args.targets += [spec["target"] for spec in args.vigils if spec["name"] is not None]
    return args


def check_tools(args):
    if shutil.which("nutcracker") is None and os.access("/usr/sbin/nutcracker", os.X_OK):
        os.environ["PATH"] += os.pathsep + "/usr/sbin"  # Debian's nutcracker, off a user's PATH
    needed = {"redis-server": "redis-server", "redis-benchmark": "redis-tools"}
    if "twemproxy" in args.targets:
        needed["nutcracker"] = "nutcracker"
    if args.vigils:
        needed["java"] = "openjdk-17-jre-headless"
    if "haproxy" in args.targets:
        needed["haproxy"] = "haproxy"
    missing = ["%s (Debian package %s)" % (tool, package) for tool, package in needed.items()
               if shutil.which(tool) is None]
    if missing:
        raise BenchError("missing: " + ", ".join(missing))
    for spec in args.vigils:
        if spec["name"] is None and not os.path.isfile(spec["jar"]):
            raise BenchError("%s does not exist: build it with `mvn -q -DskipTests package` in "
                             "%s, pass --vigil-jar, or leave vigil out of --targets"
                             % (spec["jar"], REPO))
        if not os.path.isfile(spec["jar"]):
            raise BenchError("%s, the jar of --vigil-variant %s, does not exist (jar= in the "
                             "variant, or --vigil-jar)" % (spec["jar"], spec["name"]))


# ---------------------------------------------------------------- main

def raise_interrupt(signum, _frame):
    raise KeyboardInterrupt("signal %d" % signum)


def measure(args, setup, runs, warmups):
    """Warm every Vigil up, then run every case and test against every target, round by round.
    The keyspace is loaded again whenever the data size changes."""
    cases = [{"data_size": size, "clients": clients, "pipeline": pipeline}
             for size in args.data_size for clients in args.clients
             for pipeline in args.pipelines]
    if args.vigils and args.warmup_requests:
        for case in cases:
            setup.load(case["data_size"])
            for test in args.tests:
                for spec in args.vigils:
                    record = run_benchmark(spec["target"], setup, case, test, args,
                                           args.warmup_requests, 0)
                    warmups.append(record)
                    log("warm-up %s %s %s: %s" % (spec["target"], case_label(case), test,
                                                  describe(record)))
    width = max(10, *(len(name) for name in args.targets))
    for round_no in range(1, args.rounds + 1):
        # The target order rotates each round, so none always runs first or last.
        shift = (round_no - 1) % len(args.targets)
        order = args.targets[shift:] + args.targets[:shift]
        for case in cases:
            setup.load(case["data_size"])
            for test in args.tests:
                for name in order:
                    record = run_benchmark(name, setup, case, test, args, args.requests,
                                           round_no)
                    runs.append(record)
                    log("round %d/%d %s %-*s %s" % (round_no, args.rounds, case_label(case),
                                                    width, name, describe(record)))


def main(argv=None):
    args = parse_args(argv)
    try:
        check_tools(args)
    except BenchError as exc:
        log("compare.py: %s" % exc)
        return 2
    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python keeps that.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, raise_interrupt)
    workdir = tempfile.mkdtemp(prefix="vigil-bench-")
    setup, runs, warmups, meta = None, [], [], None
    failure = None
    try:
        setup = SETUP_CLASSES[args.setup](args, workdir)
        setup.start()
        setup.check()
        meta = collect_meta(args, setup)
        measure(args, setup, runs, warmups)
    except KeyboardInterrupt:
        failure = "interrupted"
    except (BenchError, OSError) as exc:
        failure = str(exc)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not skip the cleanup
        for server in reversed(list(setup.servers.values()) if setup else []):
            if server.proc is not None:
                log("stopping %s (pid %d)" % (server.name, server.pid))
                server.stop()
        if args.keep_tmp:
            log("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report(args, setup, meta, runs, warmups, failure)


if __name__ == "__main__":
    sys.exit(main())
