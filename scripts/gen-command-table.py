#!/usr/bin/env python3
"""Generate Vigil's command table from a real Redis server's COMMAND reply.

Usage:
    python3 scripts/gen-command-table.py [--redis-server PATH] [--out FILE]

It starts a throwaway redis-server on a free 127.0.0.1 port (no persistence, in a temporary
directory), sends COMMAND over a plain socket in RESP2, stops the server by its PID and writes
src/main/resources/io/vigil/command/commands.tsv. Standard library only.

Redis 7.0 describes each command as an array of ten fields:
    name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands
where a key spec is a flat map (RESP2 has no map type):
    flags [..] begin_search [type, index|keyword|unknown, spec, [..]] find_keys [type, .., spec, [..]]
and subcommands are full command descriptions of the same shape (named "config|get").

Output format: see HEADER below; the Java side (io.vigil.command.CommandTableLoader) parses it by
hand, so every field is a plain token with no quoting.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                           "src", "main", "resources", "io", "vigil", "command", "commands.tsv")

HEADER = """\
# Vigil command table, generated from the COMMAND reply of Redis {version}.
# Do not edit by hand. Regenerate with: python3 scripts/gen-command-table.py [--redis-server PATH]
#
# One command or subcommand per line, five tab-separated columns:
#   name      lower case; a subcommand is container|sub, e.g. config|get
#   arity     Redis arity: n > 0 means exactly n arguments, n < 0 means at least -n
#             (the command name counts; for a subcommand both words count)
#   flags     comma-separated command flags, '-' when none
#   acl       comma-separated ACL categories without '@', '-' when none
#   keyspecs  space-separated key specs, '-' when none; each is flags/begin/find:
#               flags  comma-separated key-spec flags (RO, RW, OW, RM, access, update, insert,
#                      delete, not_key, incomplete, variable_flags), '-' when none
#               begin  index:<pos>  |  keyword:<keyword>:<startfrom>  |  unknown
#               find   range:<lastkey>:<step>:<limit>  |  keynum:<keynumidx>:<firstkey>:<step>
#                      |  unknown
# Subcommands follow their container.
"""


class RespError(Exception):
    pass


class RespReader:
    """Reads RESP2 replies: +simple -error :int $bulk *array (and null bulk/array as None)."""

    def __init__(self, sock):
        self.file = sock.makefile("rb")

    def line(self):
        raw = self.file.readline()
        if not raw.endswith(b"\r\n"):
            raise RespError("connection closed mid-reply")
        return raw[:-2]

    def read(self):
        line = self.line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RespError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)
            return data[:-2].decode()
        if kind == b"*":
            n = int(rest)
            if n < 0:
                return None
            return [self.read() for _ in range(n)]
        raise RespError("unexpected reply type %r" % kind)


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, deadline):
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def as_map(flat):
    return {flat[i]: flat[i + 1] for i in range(0, len(flat), 2)}


def token(words):
    words = [w.lstrip("@") for w in words]
    return ",".join(words) if words else "-"


def key_spec(spec):
    m = as_map(spec)
    begin, find = as_map(m["begin_search"]), as_map(m["find_keys"])
    if begin["type"] == "index":
        b = "index:%d" % as_map(begin["spec"])["index"]
    elif begin["type"] == "keyword":
        s = as_map(begin["spec"])
        if any(c in s["keyword"] for c in " \t:/,"):
            raise ValueError("keyword needs quoting: %r" % s["keyword"])
        b = "keyword:%s:%d" % (s["keyword"], s["startfrom"])
    else:
        b = "unknown"
    if find["type"] == "range":
        s = as_map(find["spec"])
        f = "range:%d:%d:%d" % (s["lastkey"], s["keystep"], s["limit"])
    elif find["type"] == "keynum":
        s = as_map(find["spec"])
        f = "keynum:%d:%d:%d" % (s["keynumidx"], s["firstkey"], s["keystep"])
    else:
        f = "unknown"
    return "%s/%s/%s" % (token(m.get("flags", [])), b, f)


def rows(command):
    name, arity, flags, _first, _last, _step, acl, _tips, specs, subs = command[:10]
    line = "\t".join([name.lower(), str(arity), token(flags), token(acl),
                      " ".join(key_spec(s) for s in specs) if specs else "-"])
    yield line
    for sub in sorted(subs or [], key=lambda c: c[0]):
        yield from rows(sub)


def fetch_commands(server, attempts=5):
    """Returns (version, COMMAND reply), retrying on a new port if another process took ours."""
    for _ in range(attempts):
        result = fetch_once(server, free_port())
        if result is not None:
            return result
    raise RuntimeError("could not start %s on a free port after %d attempts" % (server, attempts))


def fetch_once(server, port):
    workdir = tempfile.mkdtemp(prefix="vigil-cmdgen-")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", workdir, "--logfile", os.path.join(workdir, "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir)
    try:
        with connect(port, time.monotonic() + 10) as sock:
            reader = RespReader(sock)
            sock.sendall(encode("INFO", "server"))
            info = dict(l.split(":", 1) for l in reader.read().splitlines() if ":" in l)
            if int(info["process_id"]) != proc.pid:
                return None  # someone else's server answered on this port
            sock.sendall(encode("COMMAND"))
            return info["redis_version"].strip(), reader.read()
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-server", default=shutil.which("redis-server") or "redis-server")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    version, commands = fetch_commands(args.redis_server)
    lines = []
    for command in sorted(commands, key=lambda c: c[0]):
        lines.extend(rows(command))
    out = os.path.normpath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(HEADER.format(version=version))
        f.write("\n".join(lines) + "\n")
    print("wrote %d commands from Redis %s to %s" % (len(lines), version, out), file=sys.stderr)


if __name__ == "__main__":
    main()
