#!/usr/bin/env python3
"""Benchmark Redis, twemproxy, Vigil (and optionally HAProxy) side by side with redis-benchmark.

Usage:
    python3 bench/compare.py [--rounds 5] [--targets redis,twemproxy,vigil] [--with-haproxy]
                             [--clients 50] [--requests 200000] [--pipelines 1,16]
                             [--tests set,get] [--data-size 3] [--json FILE]

It starts one redis-server and, in front of it, each selected proxy on free 127.0.0.1 ports in a
temporary directory, runs redis-benchmark against every target in interleaved rounds, prints a
Markdown table of medians to stdout (progress goes to stderr) and stops every process it started by
its PID, also on Ctrl-C. Standard library only; see bench/README.md.

redis-benchmark 7.0 `--csv` prints a quoted header and one quoted row per test:
    "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",
    "p99_latency_ms","max_latency_ms"
    "SET","64935.07","0.664","0.376","0.623","0.959","1.607","1.983"
It exits non-zero on the first error reply or closed connection (its `-e` no longer exists).
"""

import argparse
import csv
import datetime
import json
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HOST = "127.0.0.1"  # the only address this script ever talks to
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_VIGIL_JAR = os.path.join(REPO, "target", "vigil.jar")
LAUNCHER = os.path.join(REPO, "vigil")
ALL_TARGETS = ("redis", "twemproxy", "vigil", "haproxy")
PROXIES = ("twemproxy", "vigil", "haproxy")
CSV_COLUMNS = ["test", "rps", "avg_latency_ms", "min_latency_ms", "p50_latency_ms",
               "p95_latency_ms", "p99_latency_ms", "max_latency_ms"]
# What redis-benchmark prints on stderr against any proxy, which refuses CONFIG GET.
BENIGN_STDERR = ("WARNING: Could not fetch server CONFIG",)
START_TIMEOUT_S = 60.0
NOISY_OTHERS_PCT = 20.0  # CPU % of one core used by other processes that earns a note
STOP_TIMEOUT_S = 10.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    """A failure that ends the run with a message rather than a traceback."""


# ---------------------------------------------------------------- RESP over a plain socket

def resp_command(port, *args, timeout=2.0):
    """Send one command as a RESP array of bulk strings and return the decoded reply."""
    payload = b"*%d\r\n" % len(args)  # *<n>\r\n then n × $<len>\r\n<bytes>\r\n
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        payload += b"$%d\r\n%s\r\n" % (len(data), data)
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(payload)
        with sock.makefile("rb") as reader:
            return read_reply(reader)


def read_reply(reader, depth=0):
    """Decode one RESP2 reply: +simple, -error, :integer, $bulk (-1 = nil), *array (-1 = nil)."""
    line = reader.readline(65536)
    if not line.endswith(b"\r\n") or depth > 8:
        raise ConnectionError("short or malformed reply: %r" % line[:80])
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise BenchError("error reply: " + rest.decode(errors="replace"))
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        if size < 0:
            return None
        data = reader.read(size + 2)
        if len(data) != size + 2:
            raise ConnectionError("short bulk reply")
        return data[:-2]
    if kind == b"*":
        size = int(rest)
        return None if size < 0 else [read_reply(reader, depth + 1) for _ in range(size)]
    raise ConnectionError("unknown reply type: %r" % line[:80])


# ---------------------------------------------------------------- processes

class Server:
    """One process this script started: its name, the port clients use, and its log file."""

    def __init__(self, name, port, argv, workdir):
        self.name = name
        self.port = port
        self.argv = argv
        self.log_path = os.path.join(workdir, name + ".out")
        self.proc = None
        self._log = None
        self.workdir = workdir

    def start(self):
        self._log = open(self.log_path, "wb")
        # A session of its own: a Ctrl-C in the terminal reaches only this script, which then
        # stops the servers in order by PID.
        self.proc = subprocess.Popen(self.argv, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    @property
    def pid(self):
        return self.proc.pid

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, "rb") as log:
                text = log.read().decode(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_for_ping(self, timeout=START_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        last = "no attempt"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError("%s exited with status %s before answering PING:\n%s"
                                 % (self.name, self.proc.returncode, self.log_tail()))
            try:
                if resp_command(self.port, "PING") == "PONG":
                    return
                last = "unexpected reply"
            except (OSError, BenchError) as exc:
                last = str(exc)
            time.sleep(0.1)
        raise BenchError("%s did not answer PING on %s:%d within %.0f s (%s):\n%s"
                         % (self.name, HOST, self.port, timeout, last, self.log_tail()))

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()


def free_ports(count):
    """Ports the kernel picked as free; the sockets stay open together so they differ."""
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((HOST, 0))
            socks.append(sock)
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def cpu_seconds(pid):
    """User + system CPU time of a process and all its threads, from /proc/<pid>/stat."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)


def pool_yaml(listen_port, redis_port):
    """The nutcracker.yml shape both twemproxy and Vigil read."""
    return ("bench:\n"
            "  listen: %s:%d\n"
            "  hash: fnv1a_64\n"
            "  distribution: ketama\n"
            "  redis: true\n"
            "  servers:\n"
            "   - %s:%d:1 s1\n" % (HOST, listen_port, HOST, redis_port))


def haproxy_cfg(listen_port, redis_port):
    return ("global\n"
            "    maxconn 1000\n"  # above the clients; 10000 needs more fds than allowed here
            "defaults\n"
            "    mode tcp\n"
            "    timeout connect 5s\n"
            "    timeout client 1h\n"
            "    timeout server 1h\n"
            "frontend bench\n"
            "    bind %s:%d\n"
            "    default_backend redis\n"
            "backend redis\n"
            "    server s1 %s:%d\n" % (HOST, listen_port, HOST, redis_port))


def write(workdir, name, text):
    path = os.path.join(workdir, name)
    with open(path, "w") as out:
        out.write(text)
    return path


def build_servers(args, workdir):
    """Server objects for Redis and each selected proxy, in start order (Redis first)."""
    redis_port, twem_port, stats_port, vigil_port, haproxy_port = free_ports(5)
    servers = {"redis": Server("redis", redis_port, [
        "redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
        "--appendonly", "no", "--dir", workdir, "--daemonize", "no"], workdir)}
    if "twemproxy" in args.targets:
        conf = write(workdir, "nutcracker.yml", pool_yaml(twem_port, redis_port))
        servers["twemproxy"] = Server("twemproxy", twem_port, [
            "nutcracker", "-c", conf, "-s", str(stats_port), "-a", HOST,
            "-o", os.path.join(workdir, "nutcracker.log"),
            "-p", os.path.join(workdir, "nutcracker.pid")], workdir)
    if "vigil" in args.targets:
        conf = write(workdir, "vigil.yml", pool_yaml(vigil_port, redis_port))
        servers["vigil"] = Server("vigil", vigil_port, ["java"] + shlex.split(args.vigil_jvm_opts)
                                  + ["-jar", args.vigil_jar, "-c", conf], workdir)
    if "haproxy" in args.targets:
        conf = write(workdir, "haproxy.cfg", haproxy_cfg(haproxy_port, redis_port))
        servers["haproxy"] = Server("haproxy", haproxy_port, ["haproxy", "-db", "-f", conf],
                                    workdir)
    return servers


def check_forwarding(name, server, redis):
    """SET through the target, GET straight from Redis: the target really forwards."""
    key = "bench:probe:%s" % name
    value = os.urandom(8).hex().encode()
    if resp_command(server.port, "SET", key, value) != "OK":
        raise BenchError("%s: SET through it did not reply OK" % name)
    if resp_command(redis.port, "GET", key) != value:
        raise BenchError("%s: a value SET through it is not in Redis" % name)
    resp_command(redis.port, "DEL", key)


# ---------------------------------------------------------------- one redis-benchmark run

def benchmark_argv(port, case, test, args, requests):
    argv = ["redis-benchmark", "-h", HOST, "-p", str(port), "-c", str(case["clients"]),
            "-n", str(requests), "-P", str(case["pipeline"]), "-d", str(args.data_size),
            "-t", test, "--csv"]
    if args.keyspace:
        argv += ["-r", str(args.keyspace)]
    return argv


def parse_csv(stdout):
    """The --csv rows keyed by test name ("SET", "PING_INLINE", ...); unquoted lines are noise."""
    rows = list(csv.reader(line for line in stdout.splitlines() if line.startswith('"')))
    if not rows or rows[0] != CSV_COLUMNS:
        raise ValueError("unexpected --csv header: %r" % (rows[0] if rows else None))
    result = {}
    for row in rows[1:]:
        if len(row) != len(CSV_COLUMNS):
            raise ValueError("unexpected --csv row: %r" % row)
        result[row[0]] = {col: float(value) for col, value in zip(CSV_COLUMNS[1:], row[1:])}
    return result


def run_benchmark(name, servers, case, test, args, requests, round_no):
    """One redis-benchmark process against one target; returns the record --json stores."""
    server, redis = servers[name], servers["redis"]
    argv = benchmark_argv(server.port, case, test, args, requests)
    record = {"round": round_no, "target": name, "clients": case["clients"],
              "pipeline": case["pipeline"], "test": test, "requests": requests,
              "argv": argv, "rows": {}, "error": None}
    cpu_server, cpu_redis = cpu_seconds(server.pid), cpu_seconds(redis.pid)
    cpu_ours = [cpu_seconds(each.pid) for each in servers.values()]
    cpu_machine, redis_io = machine_busy_seconds(), redis_io_counts(redis.port)
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
    # direct target), by Redis, and by redis-benchmark; /proc counts in 10 ms ticks.
    record["cpu_target_s"] = cpu_delta(cpu_server, cpu_seconds(server.pid))
    record["cpu_redis_s"] = cpu_delta(cpu_redis, cpu_seconds(redis.pid))
    record["cpu_client_s"] = cpu_delta(usage.ru_utime + usage.ru_stime,
                                       after.ru_utime + after.ru_stime)
    # What the rest of the machine used meanwhile: busy time of all CPUs minus our processes.
    ours = sum(cpu_delta(before, cpu_seconds(each.pid)) or 0.0
               for before, each in zip(cpu_ours, servers.values()))
    others = cpu_delta(cpu_machine, machine_busy_seconds())
    record["cpu_others_s"] = None if others is None \
        else round(max(0.0, others - ours - (record["cpu_client_s"] or 0.0)), 3)
    for who in ("target", "redis", "client", "others"):
        seconds = record["cpu_%s_s" % who]
        record["cpu_%s_pct" % who] = None if seconds is None else round(100 * seconds / wall, 1)
        record["cpu_%s_us_per_req" % who] = None if seconds is None \
            else round(seconds * 1e6 / requests, 2)
    redis_io_after = redis_io_counts(redis.port)
    if redis_io is not None and redis_io_after is not None:
        record["redis_reads_per_req"] = round((redis_io_after[0] - redis_io[0]) / requests, 3)
        record["redis_writes_per_req"] = round((redis_io_after[1] - redis_io[1]) / requests, 3)
    record["exit_status"] = status
    record["stderr"] = [line for line in stderr.splitlines()
                        if line.strip() and not line.startswith(BENIGN_STDERR)]
    try:
        record["rows"] = parse_csv(stdout)
    except ValueError as exc:
        record["error"] = str(exc)
    if status != 0 or not record["rows"]:
        record["error"] = "; ".join(record["stderr"][-2:]) or record["error"] \
            or "redis-benchmark exit status %s" % status
        record["rows"] = {}
    if server.proc.poll() is not None:
        raise BenchError("%s exited with status %s during the benchmark:\n%s"
                         % (name, server.proc.returncode, server.log_tail()))
    return record


def machine_busy_seconds():
    """Busy time of all CPUs from /proc/stat's first line: cpu user nice system idle iowait irq
    softirq steal ... (ticks); busy is everything but idle and iowait."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / CLK_TCK


def redis_io_counts(port):
    """Redis 7's INFO stats total_reads_processed / total_writes_processed: how many read and
    write events it served, which shows how well a proxy batches what it forwards."""
    try:
        info = resp_command(port, "INFO", "stats").decode()
    except (OSError, BenchError, AttributeError):
        return None
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    try:
        return int(fields["total_reads_processed"]), int(fields["total_writes_processed"])
    except (KeyError, ValueError):
        return None


def cpu_delta(before, after):
    return None if before is None or after is None else round(after - before, 3)


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
    return "; ".join(parts)


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- summary and output

def summarize(runs, targets):
    """Median per (clients, pipeline, test row, target) over the rounds, in first-seen order."""
    groups = {}
    for run in runs:
        for test, row in run["rows"].items():
            per_target = groups.setdefault((run["clients"], run["pipeline"], test), {})
            per_target.setdefault(run["target"], []).append(
                dict(row, **{key: run.get(key) for key in CPU_KEYS}))
    summary = []
    for (clients, pipeline, test), per_target in groups.items():
        medians = {name: medians_of(rows) for name, rows in per_target.items()}
        for name in targets:
            if name not in medians:
                continue
            entry = dict(medians[name], clients=clients, pipeline=pipeline, test=test, target=name)
            for base in ("redis", "twemproxy"):
                if name in PROXIES and name != base and base in medians:
                    entry["vs_" + base] = round(entry["rps"] / medians[base]["rps"], 3)
            summary.append(entry)
    return summary


def medians_of(rows):
    def median(key):
        values = [row[key] for row in rows if row.get(key) is not None]
        return statistics.median(values) if values else None
    rps = [row["rps"] for row in rows]
    return {"rounds": len(rows), "rps": median("rps"), "rps_min": min(rps), "rps_max": max(rps),
            "p50_ms": median("p50_latency_ms"),
            "p99_ms": median("p99_latency_ms"),
            **{key: median(key) for key in CPU_KEYS}}


def markdown(summary, meta, args, note):
    ratio_bases = [base for base in ("redis", "twemproxy") if base in args.targets
                   and any(("vs_" + base) in entry for entry in summary)]
    head = ["case", "test", "target", "rps", "p50 ms", "p99 ms", "CPU %", "CPU µs/req",
            "Redis µs/req", "Redis reads/req"]
    head += ["÷ " + BASE_TITLES[base] for base in ratio_bases]
    lines = [meta["header"], "", "| " + " | ".join(head) + " |",
             "|" + "|".join(" --- " if i < 3 else " ---: " for i in range(len(head))) + "|"]
    for entry in summary:
        rps = format(entry["rps"], ",.0f")
        if entry["rounds"] < args.rounds:
            rps += " (%d/%d)" % (entry["rounds"], args.rounds)
        cells = ["-c %d -P %d" % (entry["clients"], entry["pipeline"]), entry["test"],
                 TARGET_TITLES[entry["target"]], rps, fmt(entry["p50_ms"], "%.3f"),
                 fmt(entry["p99_ms"], "%.3f"), fmt(entry["cpu_target_pct"], "%.0f"),
                 fmt(entry["cpu_target_us_per_req"], "%.1f"),
                 fmt(entry["cpu_redis_us_per_req"], "%.1f"),
                 fmt(entry["redis_reads_per_req"], "%.3f")]
        cells += [fmt(entry.get("vs_" + base), "%.2f×") for base in ratio_bases]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", FOOTNOTE % (args.rounds, args.requests, args.data_size,
                              " -r %d" % args.keyspace if args.keyspace else "", meta["nproc"])]
    if note:
        lines += ["", note]
    return "\n".join(lines)


FOOTNOTE = ("Medians over %d interleaved rounds of `redis-benchmark -n %d -d %d%s --csv`, one "
            "process per case and test. *CPU* is that of the process the client talks to (the "
            "proxy, or Redis on direct rows) during the run, as %% of one core and per request; "
            "*Redis µs/req* is the backend Redis's CPU per request and *reads/req* its read "
            "events per request (lower = better batched). redis-benchmark, the proxy "
            "and Redis share the %d cores. *÷* divides the row's median rps by the other's.")
TARGET_TITLES = {"redis": "Redis (direct)", "twemproxy": "twemproxy", "vigil": "Vigil",
                 "haproxy": "HAProxy (tcp)"}
BASE_TITLES = {"redis": "Redis", "twemproxy": "twemproxy"}
CPU_KEYS = ("cpu_target_pct", "cpu_target_us_per_req", "cpu_redis_pct", "cpu_redis_us_per_req",
            "cpu_client_pct", "cpu_others_pct", "redis_reads_per_req", "redis_writes_per_req")


def fmt(value, pattern):
    return "—" if value is None else pattern % value


def version_of(argv, pattern, template):
    """The tool's version line matched by pattern, rewritten by template (e.g. r"Redis \1")."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    match = re.search(pattern, done.stdout + done.stderr)
    return match.expand(template) if match else "unknown"


def collect_meta(args):
    nproc = len(os.sched_getaffinity(0))
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), "")
    except OSError:
        pass
    versions = {"redis": version_of(["redis-server", "--version"], r"v=(\S+)", r"Redis \1")}
    if "twemproxy" in args.targets:
        versions["twemproxy"] = version_of(["nutcracker", "-V"], r"nutcracker-(\S+)",
                                           r"nutcracker \1")
    if "vigil" in args.targets:
        versions["java"] = version_of(["java", "-version"], r'(\w+) version "([^"]+)"', r"\1 \2")
        # The jar does not record its commit: name the newest commit older than the jar.
        built = datetime.datetime.fromtimestamp(os.path.getmtime(args.vigil_jar),
                                                datetime.timezone.utc)
        commit = version_of(["git", "-C", REPO, "log", "-1", "--format=%h",
                             "--before=" + built.isoformat()], r"(\w+)", r"\1")
        versions["vigil"] = "Vigil jar built %s (newest commit then: %s; JVM `%s`)" % (
            built.strftime("%Y-%m-%d %H:%M UTC"), commit, args.vigil_jvm_opts)
    if "haproxy" in args.targets:
        versions["haproxy"] = version_of(["haproxy", "-v"], r"version (\d[\w.]*)", r"HAProxy \1")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = shlex.join(["python3"] + sys.argv)
    load = os.getloadavg()[0]
    header = "**%s**, nproc %d%s, load %.2f at start; %s; command: `%s`" % (
        date, nproc, " (%s)" % cpu if cpu else "", load, ", ".join(versions.values()), command)
    return {"date": date, "nproc": nproc, "cpu": cpu, "load_at_start": load,
            "versions": versions, "command": command, "header": header}


# ---------------------------------------------------------------- command line and main

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


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive integer")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Benchmark Redis, twemproxy and Vigil side by side with redis-benchmark "
                    "(all on 127.0.0.1). Prints a Markdown table of medians; see bench/README.md.")
    parser.add_argument("--targets", default="redis,twemproxy,vigil",
                        help="comma list of: " + ",".join(ALL_TARGETS)
                        + " (default: %(default)s); Redis is always started as the backend")
    parser.add_argument("--with-haproxy", action="store_true",
                        help="also measure HAProxy in TCP mode in front of the same Redis")
    parser.add_argument("--rounds", type=positive, default=5,
                        help="interleaved rounds; each prints the median (default: %(default)s)")
    parser.add_argument("--clients", type=int_list, default=[50],
                        help="redis-benchmark -c, comma list (default: 50)")
    parser.add_argument("--requests", type=positive, default=200000,
                        help="redis-benchmark -n per run (default: %(default)s)")
    parser.add_argument("--pipelines", type=int_list, default=[1, 16],
                        help="redis-benchmark -P, comma list (default: 1,16)")
    parser.add_argument("--tests", default="set,get",
                        help="redis-benchmark -t names, comma list; each is its own run "
                             "(default: %(default)s)")
    parser.add_argument("--data-size", type=positive, default=3,
                        help="redis-benchmark -d, value size in bytes (default: %(default)s)")
    parser.add_argument("--keyspace", type=int, default=0,
                        help="redis-benchmark -r, random keys (default: 0 = one key)")
    parser.add_argument("--warmup-requests", type=int, default=None,
                        help="requests per case and test in Vigil's JIT warm-up, not measured "
                             "(default: --requests; 0 skips it)")
    parser.add_argument("--vigil-jar", default=DEFAULT_VIGIL_JAR,
                        help="the jar to run (default: target/vigil.jar in the repository)")
    parser.add_argument("--vigil-jvm-opts", default=None,
                        help="JVM options for Vigil (default: the java_opts default of ./vigil)")
    parser.add_argument("--run-timeout", type=positive, default=600,
                        help="seconds before one redis-benchmark run is killed (default: "
                             "%(default)s)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the raw per-round numbers and the medians to FILE")
    parser.add_argument("--keep-tmp", action="store_true",
                        help="keep the temporary directory (configs and server logs)")
    args = parser.parse_args(argv)
    args.targets = [name.strip() for name in args.targets.split(",") if name.strip()]
    if args.with_haproxy and "haproxy" not in args.targets:
        args.targets.append("haproxy")
    unknown = [name for name in args.targets if name not in ALL_TARGETS]
    if unknown or not args.targets or len(set(args.targets)) != len(args.targets):
        parser.error("--targets: %s (expected: distinct names among %s)"
                     % (",".join(args.targets), ",".join(ALL_TARGETS)))
    args.tests = [test.strip() for test in args.tests.split(",") if test.strip()]
    if not args.tests or not all(re.fullmatch(r"[A-Za-z0-9_]+", test) for test in args.tests):
        parser.error("--tests: expected redis-benchmark test names such as set,get")
    if args.keyspace < 0:
        parser.error("--keyspace: expected 0 or a positive integer")
    if args.warmup_requests is None:
        args.warmup_requests = args.requests
    if args.vigil_jvm_opts is None:
        args.vigil_jvm_opts = launcher_jvm_opts()
        if args.vigil_jvm_opts is None:
            parser.error("cannot read the java_opts default from %s; pass --vigil-jvm-opts"
                         % LAUNCHER)
    args.vigil_jar = os.path.abspath(args.vigil_jar)
    return args


def check_tools(args):
    needed = {"redis-server": "redis-server", "redis-benchmark": "redis-tools"}
    if "twemproxy" in args.targets:
        needed["nutcracker"] = "nutcracker"
    if "vigil" in args.targets:
        needed["java"] = "openjdk-17-jre-headless"
    if "haproxy" in args.targets:
        needed["haproxy"] = "haproxy"
    missing = ["%s (Debian package %s)" % (tool, package) for tool, package in needed.items()
               if shutil.which(tool) is None]
    if missing:
        raise BenchError("missing: " + ", ".join(missing))
    if "vigil" in args.targets and not os.path.isfile(args.vigil_jar):
        raise BenchError("%s does not exist: build it with `mvn -q -DskipTests package` in %s, "
                         "pass --vigil-jar, or leave vigil out of --targets"
                         % (args.vigil_jar, REPO))


def raise_interrupt(signum, _frame):
    raise KeyboardInterrupt("signal %d" % signum)


def measure(args, servers, runs, warmups):
    """Warm Vigil up, then run every case and test against every target, round by round."""
    cases = [{"clients": clients, "pipeline": pipeline}
             for clients in args.clients for pipeline in args.pipelines]
    if "vigil" in args.targets and args.warmup_requests:
        for case in cases:
            for test in args.tests:
                record = run_benchmark("vigil", servers, case, test, args, args.warmup_requests, 0)
                warmups.append(record)
                log("warm-up vigil -c %d -P %d %s: %s"
                    % (case["clients"], case["pipeline"], test, describe(record)))
    for round_no in range(1, args.rounds + 1):
        # The target order rotates each round, so none always runs first or last.
        shift = (round_no - 1) % len(args.targets)
        order = args.targets[shift:] + args.targets[:shift]
        for case in cases:
            for test in args.tests:
                for name in order:
                    record = run_benchmark(name, servers, case, test, args, args.requests,
                                           round_no)
                    runs.append(record)
                    log("round %d/%d -c %d -P %d %-10s %s"
                        % (round_no, args.rounds, case["clients"], case["pipeline"], name,
                           describe(record)))


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
    servers, runs, warmups, meta = {}, [], [], None
    failure = None
    try:
        servers = build_servers(args, workdir)
        for name, server in servers.items():
            log("starting %s on %s:%d: %s" % (name, HOST, server.port, shlex.join(server.argv)))
            server.start()
            server.wait_for_ping()
        for name in servers:
            if name != "redis":
                check_forwarding(name, servers[name], servers["redis"])
        if not args.keyspace:  # the key redis-benchmark's GET reads when -r is not given
            resp_command(servers["redis"].port, "SET", "key:__rand_int__", b"x" * args.data_size)
        meta = collect_meta(args)
        measure(args, servers, runs, warmups)
    except KeyboardInterrupt:
        failure = "interrupted"
    except (BenchError, OSError) as exc:
        failure = str(exc)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not skip the cleanup
        for server in reversed(list(servers.values())):
            if server.proc is not None:
                log("stopping %s (pid %d)" % (server.name, server.pid))
                server.stop()
        if args.keep_tmp:
            log("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report(args, meta, runs, warmups, failure)


def report(args, meta, runs, warmups, failure):
    errors = [run for run in runs + warmups if run["error"]]
    notes = ["- round %d, %s -c %d -P %d %s: %s" % (run["round"], run["target"], run["clients"],
                                                   run["pipeline"], run["test"], run["error"])
             for run in errors]
    stderr = sorted({line for run in runs + warmups for line in run["stderr"]} - {
        run["error"] for run in errors})
    notes += ["- redis-benchmark said: %s" % line for line in stderr[:10]]
    if failure:
        notes.append("- stopped early: %s" % failure.splitlines()[0])
    others = sorted(run["cpu_others_pct"] for run in runs if run["cpu_others_pct"] is not None)
    if others and others[-1] >= NOISY_OTHERS_PCT:
        notes.append("- other processes used CPU during the runs: median %.0f%%, max %.0f%% of "
                     "one core (`cpu_others_pct` in the JSON)"
                     % (statistics.median(others), others[-1]))
    summary = summarize(runs, args.targets) if runs else []
    if summary:
        print(markdown(summary, meta, args, "\n".join(["Notes:"] + notes) if notes else ""))
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


if __name__ == "__main__":
    sys.exit(main())
