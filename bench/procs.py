"""Processes and sockets for bench/compare.py: RESP over a plain socket, the servers the harness
starts (stopped by PID), free ports and CPU time from /proc. Standard library only; everything
talks to 127.0.0.1 only.
"""

import os
import socket
import subprocess
import sys
import time

HOST = "127.0.0.1"  # the only address the harness ever talks to
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
PIPELINE_BYTES = 1 << 20  # a pipelined batch stops growing here, then its replies are read
PIPELINE_COMMANDS = 1000


class BenchError(Exception):
    """A failure that ends the run with a message rather than a traceback."""


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- RESP over a plain socket

def encode(args):
    """One command as a RESP array of bulk strings: *<n>, then per argument $<len> and the bytes,
    each line ended by CR LF."""
    payload = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        payload.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(payload)


def resp_command(port, *args, timeout=2.0):
    """Send one command and return the decoded reply."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(encode(args))
        with sock.makefile("rb") as reader:
            return read_reply(reader)


def resp_pipeline(port, commands, timeout=30.0):
    """Send commands (lists of arguments) on one connection in pipelined batches of up to
    PIPELINE_COMMANDS commands or PIPELINE_BYTES bytes, reading a batch's replies before the next
    batch is sent; returns the replies in order. An error reply raises BenchError."""
    replies = []
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        with sock.makefile("rb") as reader:
            batch, size = [], 0
            for command in commands:
                batch.append(encode(command))
                size += len(batch[-1])
                if len(batch) >= PIPELINE_COMMANDS or size >= PIPELINE_BYTES:
                    sock.sendall(b"".join(batch))
                    replies += [read_reply(reader) for _ in batch]
                    batch, size = [], 0
            if batch:
                sock.sendall(b"".join(batch))
                replies += [read_reply(reader) for _ in batch]
    return replies


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


def info(port, *sections):
    """INFO of the given sections (Redis 7 takes several at once) as a dict of its fields."""
    text = resp_command(port, "INFO", *sections).decode()
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


# ---------------------------------------------------------------- processes

class Server:
    """One process the harness started: its name, the port clients use, and its log file."""

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
        # A session of its own: a Ctrl-C in the terminal reaches only the harness, which then
        # stops the servers in order by PID.
        self.proc = subprocess.Popen(self.argv, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    @property
    def pid(self):
        return self.proc.pid

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, "rb") as log_file:
                text = log_file.read().decode(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def check_alive(self, during):
        if self.proc.poll() is not None:
            raise BenchError("%s exited with status %s %s:\n%s"
                             % (self.name, self.proc.returncode, during, self.log_tail()))

    def wait_for_ping(self, timeout=START_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        last = "no attempt"
        while time.monotonic() < deadline:
            self.check_alive("before answering PING")
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


def machine_busy_seconds():
    """Busy time of all CPUs from /proc/stat's first line: cpu user nice system idle iowait irq
    softirq steal ... (ticks); busy is everything but idle and iowait."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / CLK_TCK


def cpu_delta(before, after):
    return None if before is None or after is None else round(after - before, 3)
