#!/usr/bin/env python3
"""Slow readers against a bystander: does a client that never reads its replies stall the others?

Usage:
    mvn -q -DskipTests package
    python3 bench/slow_readers.py                       # 1 and 5 slow readers through Vigil
    python3 bench/slow_readers.py --target redis        # the same against Redis alone
    python3 bench/slow_readers.py --readers 5 --seconds 30 --vigil-jar /tmp/old.jar --json out.json
    python3 bench/slow_readers.py --limits '{client_output_normal: [8388608, 0, 0]}'

One redis-server (started here, on a free loopback port) holds a 100 KB value (--value-bytes) and
a small key. Vigil (target/vigil.jar, the launcher's JVM options) fronts it with a one-server pool.
Each slow reader opens a connection, pipelines --gets GETs of the big value (RESP:
*2\\r\\n$3\\r\\nGET\\r\\n$3\\r\\nbig\\r\\n each) and never reads a byte. Meanwhile a bystander
connection GETs the small key every --interval seconds and records how long each reply took. Every
second the script samples VmRSS of Vigil (or of Redis with --target redis).

Printed per run: the bystander's latency (p50, p99, max, the first five samples, and how many GETs
failed), RSS before, at peak and at the end, and how many slow readers were disconnected by the
server (their socket reached end-of-file or was reset). Everything is stopped by PID at the end.
Only the standard library is used; nothing is sent anywhere but 127.0.0.1.
"""

import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from procs import HOST, Server, free_ports, log, resp_command, BenchError  # noqa: E402
from setups import redis_argv  # noqa: E402

DEFAULT_JVM_OPTS = ("-Xms256m -Xmx1g -XX:MaxDirectMemorySize=1g -XX:+UseParallelGC "
                    "-XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled")
GET_BIG = b"*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n"
GET_SMALL = b"*2\r\n$3\r\nGET\r\n$5\r\nsmall\r\n"
SMALL_REPLY = b"$2\r\nok\r\n"


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class SlowReader(threading.Thread):
    """Sends `gets` pipelined GETs and never reads. Ends when everything is sent or the server
    closes the connection (sendall then fails); `stop` ends it early."""

    def __init__(self, port, gets):
        super().__init__(daemon=True)
        self.sock = socket.create_connection((HOST, port))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        self.gets = gets
        self.sent = 0
        self.error = None
        self.stop = threading.Event()

    def run(self):
        chunk = GET_BIG * 1000
        self.sock.settimeout(0.5)
        while self.sent < self.gets and not self.stop.is_set():
            data = chunk[: len(GET_BIG) * min(1000, self.gets - self.sent)]
            view = memoryview(data)
            while view and not self.stop.is_set():
                try:
                    view = view[self.sock.send(view):]
                except socket.timeout:
                    continue
                except OSError as exc:
                    self.error = "%s: %s" % (type(exc).__name__, exc)
                    return
            self.sent += len(data) // len(GET_BIG)

    def disconnected(self):
        """True when the server closed or reset the connection: reading ends in EOF or an error.
        Reads (and drops) whatever is buffered to get there, with a short time limit."""
        if self.error:
            return True
        self.sock.settimeout(0.2)
        deadline = time.monotonic() + 5
        try:
            while time.monotonic() < deadline:
                if not self.sock.recv(1 << 20):
                    return True
        except socket.timeout:
            return False
        except OSError:
            return True
        return False


def bystander(port, interval, seconds, samples, failures):
    """GETs the small key every interval; every reply's latency goes to samples, error replies
    (a line starting with '-') and lost connections to failures too."""
    sock = socket.create_connection((HOST, port), timeout=30)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            sock.sendall(GET_SMALL)
            data = b""
            while not (data == SMALL_REPLY or (data.startswith(b"-") and data.endswith(b"\r\n"))):
                chunk = sock.recv(256)
                if not chunk:
                    raise ConnectionError("closed")
                data += chunk
                if len(data) > 4096:
                    raise ConnectionError("reply %r" % data[:80])
            samples.append(time.monotonic() - started)
            if data != SMALL_REPLY:
                failures.append(data.decode(errors="replace").strip())
        except (OSError, ConnectionError) as exc:
            failures.append("%s: %s" % (type(exc).__name__, exc))
            sock.close()
            sock = socket.create_connection((HOST, port), timeout=30)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    sock.close()


def warm(port, seconds):
    """Reads pipelined GETs of both keys for `seconds`, so the measured part finds code compiled."""
    end = time.monotonic() + seconds
    with socket.create_connection((HOST, port), timeout=30) as sock:
        reader = sock.makefile("rb")
        while time.monotonic() < end:
            sock.sendall((GET_BIG + GET_SMALL) * 50)
            for _ in range(100):
                line = reader.readline()
                reader.read(int(line[1:]) + 2)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def run_once(args, readers, redis, vigil, watched_pid):
    port = vigil.port if vigil else redis.port
    resp_command(redis.port, "SET", "big", b"x" * args.value_bytes)
    resp_command(redis.port, "SET", "small", "ok")
    warm(port, args.warmup)
    before = rss_kib(watched_pid)
    slow = [SlowReader(port, args.gets) for _ in range(readers)]
    for r in slow:
        r.start()
    samples, failures, rss = [], [], []
    by = threading.Thread(target=bystander, args=(port, args.interval, args.seconds, samples, failures))
    by.start()
    while by.is_alive():
        rss.append(rss_kib(watched_pid) or 0)
        by.join(1.0)
    disconnected = sum(1 for r in slow if r.disconnected())
    sent = [r.sent for r in slow]
    for r in slow:
        r.stop.set()
        r.sock.close()
    for r in slow:
        r.join(2)
    time.sleep(1.0)
    result = {
        "readers": readers, "target": args.target, "samples": len(samples), "failures": failures,
        "p50_ms": round(percentile(samples, 50) * 1000, 2) if samples else None,
        "p99_ms": round(percentile(samples, 99) * 1000, 2) if samples else None,
        "max_ms": round(max(samples) * 1000, 2) if samples else None,
        "first_ms": [round(s * 1000, 1) for s in samples[:5]],
        "errors": len(failures),
        "rss_before_mib": round(before / 1024.0, 1), "rss_peak_mib": round(max(rss) / 1024.0, 1),
        "rss_after_mib": round((rss_kib(watched_pid) or 0) / 1024.0, 1),
        "slow_disconnected": disconnected, "gets_sent": sent,
    }
    print("%-6s %d slow reader(s): bystander p50 %s ms  p99 %s ms  max %s ms  (%d GETs, %d errors; "
          "first %s)  RSS %s -> peak %s -> %s MiB  slow readers disconnected: %d of %d"
          % (args.target, readers, result["p50_ms"], result["p99_ms"], result["max_ms"], len(samples),
             len(failures), result["first_ms"], result["rss_before_mib"], result["rss_peak_mib"],
             result["rss_after_mib"], disconnected, readers), flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=("vigil", "redis"), default="vigil")
    parser.add_argument("--readers", default="1,5", help="comma list of slow reader counts (1,5)")
    parser.add_argument("--gets", type=int, default=100_000, help="GETs each slow reader pipelines")
    parser.add_argument("--value-bytes", type=int, default=100 * 1024)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between bystander GETs")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run")
    parser.add_argument("--warmup", type=float, default=5.0,
                        help="seconds of well-behaved pipelined GETs before the slow readers start (5)")
    parser.add_argument("--vigil-jar", default="target/vigil.jar")
    parser.add_argument("--vigil-jvm-opts", default=os.environ.get("VIGIL_JAVA_OPTS", DEFAULT_JVM_OPTS))
    parser.add_argument("--limits", default="", help="YAML flow mapping for the pool's limits key")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    results = []
    for readers in [int(n) for n in args.readers.split(",")]:
        workdir = tempfile.mkdtemp(prefix="vigil-slow-")
        redis_port, vigil_port = free_ports(2)
        redis = Server("redis", redis_port, redis_argv(redis_port, workdir), workdir)
        vigil = None
        try:
            redis.start()
            redis.wait_for_ping()
            watched = redis.pid
            if args.target == "vigil":
                conf = os.path.join(workdir, "vigil.yml")
                with open(conf, "w") as out:
                    out.write("slow:\n  listen: %s:%d\n%s  servers:\n   - %s:%d:1 r1\n"
                              % (HOST, vigil_port, "  limits: %s\n" % args.limits if args.limits else "",
                                 HOST, redis_port))
                vigil = Server("vigil", vigil_port, ["java"] + args.vigil_jvm_opts.split()
                               + ["-jar", os.path.abspath(args.vigil_jar), "-c", conf], workdir)
                vigil.start()
                vigil.wait_for_ping()
                watched = vigil.pid
            results.append(run_once(args, readers, redis, vigil, watched))
            if vigil:
                log("vigil log tail:\n" + vigil.log_tail(5))
        except BenchError as exc:
            log("failed: %s" % exc)
            return 1
        finally:
            if vigil:
                vigil.stop()
            redis.stop()
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
