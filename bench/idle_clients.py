#!/usr/bin/env python3
"""Open many idle client connections to a Vigil port and report Vigil's memory.

Usage:
    python3 bench/idle_clients.py --port 22121 --pid <Vigil's pid>
    python3 bench/idle_clients.py --port 22121 --pid 1234 --clients 10000 --hold 10 --json out.json

Start Vigil the way the launcher does (its JVM options), remember its pid ($! after `java ... &`),
and pass it: the script reads /proc/<pid>, it never signals the process.

Each connection sends one PING (RESP: *1\r\n$4\r\nPING\r\n) and must read +PONG\r\n; then it stays
open and silent. The script reads VmRSS (and VmHWM, Threads, open fds) of --pid from /proc before
opening, once every connection is open and idle, after --hold seconds of idling, and after closing
them all. Before it closes them it PINGs a sample again, to show Vigil still serves idle clients.

The script raises its own open-file limit to the hard limit (`ulimit -Hn`); it needs one fd per
connection. Vigil needs one too, plus its listeners and backends: start it from a shell whose
`ulimit -n` is high enough. Whatever fails (a local limit, a refused or reset connection, a wrong
reply, Vigil exiting) is reported with the count reached; the exit status is then 1.

Only the Python 3 standard library is used, and nothing is sent anywhere but --host.
"""

import argparse
import json
import os
import resource
import socket
import sys
import time

PING = b"*1\r\n$4\r\nPING\r\n"
PONG = b"+PONG\r\n"
DEFAULT_CLIENTS = 10_000
DEFAULT_BATCH = 256   # connections opened before their PONGs are read; below Vigil's backlog (512)
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_HOLD_S = 5.0
DEFAULT_SAMPLE = 100
FD_MARGIN = 32        # fds the script needs besides its connections (stdio, /proc reads)


def log(message):
    print(message, file=sys.stderr, flush=True)


def raise_fd_limit(wanted):
    """Sets the soft RLIMIT_NOFILE to the hard limit; returns (soft, hard) now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, wanted)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def proc_status(pid):
    """VmRSS, VmHWM (KiB), Threads and open fds of pid, or None when it is gone."""
    try:
        with open("/proc/%d/status" % pid) as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
    except OSError:
        return None
    result = {
        "rss_kib": int(fields["VmRSS"].split()[0]),
        "hwm_kib": int(fields["VmHWM"].split()[0]),
        "threads": int(fields["Threads"]),
    }
    try:
        result["fds"] = len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        result["fds"] = None   # another user's process: fds unreadable, RSS still is
    return result


def read_exactly(sock, expected):
    data = b""
    while len(data) < len(expected):
        chunk = sock.recv(len(expected) - len(data))
        if not chunk:
            raise ConnectionError("closed by the server after %r" % data)
        data += chunk
    if data != expected:
        raise ConnectionError("reply %r (expected: %r)" % (data, expected))


def open_clients(host, port, count, batch, timeout, pid):
    """Opens up to count PINGed connections; returns (sockets, failure text or None)."""
    sockets = []
    while len(sockets) < count:
        wave = []
        try:
            for _ in range(min(batch, count - len(sockets))):
                sock = socket.create_connection((host, port), timeout=timeout)
                wave.append(sock)
                sock.sendall(PING)
            for sock in wave:
                read_exactly(sock, PONG)
        except (OSError, ConnectionError) as e:
            done = len(sockets) + len(wave)
            for sock in wave:
                sock.close()
            alive = proc_status(pid) is not None if pid else True
            return sockets, "after %d connections (%d fully PINGed): %s: %s%s" % (
                done, len(sockets), type(e).__name__, e, "" if alive else "; Vigil's process is gone")
        sockets.extend(wave)
        if len(sockets) % 2000 < batch:
            log("  %d connections open" % len(sockets))
    return sockets, None


def ping_sample(sockets, sample):
    """PINGs up to sample connections spread over all of them; returns the failure or None."""
    if not sockets or sample <= 0:
        return None
    step = max(1, len(sockets) // sample)
    chosen = sockets[::step][:sample]
    try:
        for sock in chosen:
            sock.sendall(PING)
        for sock in chosen:
            read_exactly(sock, PONG)
    except (OSError, ConnectionError) as e:
        return "%s: %s" % (type(e).__name__, e)
    return None


def kib(value):
    return "%.1f MiB" % (value / 1024.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="Vigil's address (127.0.0.1)")
    parser.add_argument("--port", type=int, required=True, help="Vigil's pool port")
    parser.add_argument("--pid", type=int, help="Vigil's process id, for VmRSS from /proc")
    parser.add_argument("--clients", type=int, default=DEFAULT_CLIENTS,
                        help="idle connections to open (%d)" % DEFAULT_CLIENTS)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH,
                        help="connections opened before their replies are read (%d)" % DEFAULT_BATCH)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help="seconds a connect or a reply may take (%g)" % DEFAULT_TIMEOUT_S)
    parser.add_argument("--hold", type=float, default=DEFAULT_HOLD_S,
                        help="seconds to keep the connections idle before measuring again (%g)"
                        % DEFAULT_HOLD_S)
    parser.add_argument("--sample", type=int, default=DEFAULT_SAMPLE,
                        help="idle connections PINGed again before closing (%d)" % DEFAULT_SAMPLE)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    soft, hard = raise_fd_limit(args.clients + FD_MARGIN)
    log("open-file limit of this script: soft %s, hard %s" % (soft, hard))
    if soft != resource.RLIM_INFINITY and soft < args.clients + FD_MARGIN:
        log("warning: %d connections need about %d fds; the hard limit allows %d"
            % (args.clients, args.clients + FD_MARGIN, soft))
    if args.pid and proc_status(args.pid) is None:
        parser.error("no process %d" % args.pid)

    report = {"clients_wanted": args.clients, "fd_limit": [soft, hard]}
    report["before"] = proc_status(args.pid) if args.pid else None
    started = time.monotonic()
    sockets, failure = open_clients(args.host, args.port, args.clients, args.batch,
                                    args.timeout, args.pid)
    report["open_seconds"] = round(time.monotonic() - started, 2)
    report["clients_open"] = len(sockets)
    report["open_failure"] = failure
    report["open"] = proc_status(args.pid) if args.pid else None
    time.sleep(args.hold)
    report["held"] = proc_status(args.pid) if args.pid else None
    report["sample_failure"] = ping_sample(sockets, args.sample)
    for sock in sockets:
        sock.close()
    time.sleep(1.0)
    report["closed"] = proc_status(args.pid) if args.pid else None

    print("idle clients: %d of %d open in %.2f s" % (len(sockets), args.clients, report["open_seconds"]))
    if failure:
        print("FAILED opening: %s" % failure)
    if report["sample_failure"]:
        print("FAILED re-PINGing idle clients: %s" % report["sample_failure"])
    elif sockets:
        print("idle clients still answer PING (sample of %d)" % min(args.sample, len(sockets)))
    if args.pid:
        for stage in ("before", "open", "held", "closed"):
            s = report[stage]
            if s is None:
                print("%-7s Vigil (pid %d) is gone" % (stage, args.pid))
                continue
            print("%-7s VmRSS %s  VmHWM %s  threads %d  fds %s"
                  % (stage, kib(s["rss_kib"]), kib(s["hwm_kib"]), s["threads"], s["fds"]))
        if report["before"] and report["held"] and sockets:
            grown = report["held"]["rss_kib"] - report["before"]["rss_kib"]
            report["rss_growth_per_client_bytes"] = round(grown * 1024.0 / len(sockets))
            print("RSS growth with %d idle clients: %s (%d bytes per client)"
                  % (len(sockets), kib(grown), report["rss_growth_per_client_bytes"]))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)
    return 1 if failure or report["sample_failure"] else 0


if __name__ == "__main__":
    sys.exit(main())
