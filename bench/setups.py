"""The topologies bench/compare.py measures (--setup): which servers it starts, what each target
row talks to, how the keyspace is loaded before the runs and how each backend node's share of
the commands is counted. Standard library only; everything listens on 127.0.0.1.

- single:   one redis-server; twemproxy, Vigil and HAProxy in front of it; "redis" = that Redis.
- sharded:  three redis-servers s1 s2 s3 in one ketama pool given identically to twemproxy and
            Vigil; no direct target (no single Redis holds the keyspace).
- replicas: a master and two replicas; Vigil with the mapping form and read_policy: replicas,
            twemproxy and HAProxy in front of the master; "redis" = the master.
"Vigil" is each Vigil process of args.vigils (bench/vigils.py): the plain one and the variants,
all with the same config, each on its own port.
"""

import os
import shlex
import time

from procs import HOST, BenchError, Server, free_ports, info, log, resp_command, resp_pipeline
from vigils import vigil_argv

SYNC_TIMEOUT_S = 60.0
READY_TIMEOUT_S = 15.0
SAMPLE_KEYS = 20
COUNTED = ("get", "set", "mget")  # the cmdstat_<name> calls recorded per node and run
NODE_FIELDS = COUNTED + ("hits", "misses")  # ... and keyspace_hits, keyspace_misses
SETUPS = ("single", "sharded", "replicas")


def key_name(number):
    """The key redis-benchmark -r makes of key:__rand_int__: random() % keyspace as %012d."""
    return "key:%012d" % number


def redis_argv(port, workdir, *extra):
    return ["redis-server", "--port", str(port), "--bind", HOST, "--save", "",
            "--appendonly", "no", "--dir", workdir, "--daemonize", "no", *extra]


def pool_yaml(listen_port, servers, extra=""):
    """The nutcracker.yml shape both twemproxy and Vigil read; servers is the YAML list's text."""
    return ("bench:\n"
            "  listen: %s:%d\n"
            "  hash: fnv1a_64\n"
            "  distribution: ketama\n"
            "  redis: true\n"
            "%s"
            "  servers:\n"
            "%s" % (HOST, listen_port, extra, servers))


def server_line(port, name):
    return "   - %s:%d:1 %s\n" % (HOST, port, name)


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


def node_dir(workdir, name):
    path = os.path.join(workdir, name)
    os.makedirs(path, exist_ok=True)
    return path


def calls(fields, command):
    """calls=N from INFO commandstats' cmdstat_<command>:calls=N,usec=...; 0 when absent."""
    stat = fields.get("cmdstat_" + command, "")
    for part in stat.split(","):
        if part.startswith("calls="):
            return int(part[6:])
    return 0


class Setup:
    """Servers in start order (backends first), the backend nodes, and the target → server map."""
    name = None
    targets = ("redis", "twemproxy", "vigil", "haproxy")  # the targets this setup can measure
    default_keyspace = 0
    node_column = None  # title of the extra table column, if the setup has one
    node_commands = COUNTED

    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.servers = {}
        self.nodes = []  # (label, Server) of every backend Redis
        self.direct = None  # the Server the "redis" target talks to
        self.details = {}  # what the JSON's meta records about the setup
        self.loaded_size = None
        self.vigil_targets = [spec["target"] for spec in args.vigils]

    # ---- building

    def add_proxies(self, twem_servers, vigil_servers, vigil_extra, haproxy_backend):
        workdir, args = self.workdir, self.args
        twem_port, stats_port, haproxy_port, *vigil_ports = free_ports(3 + len(args.vigils))
        if "twemproxy" in args.targets:
            conf = write(workdir, "nutcracker.yml", pool_yaml(twem_port, twem_servers))
            self.servers["twemproxy"] = Server("twemproxy", twem_port, [
                "nutcracker", "-c", conf, "-s", str(stats_port), "-a", HOST,
                "-o", os.path.join(workdir, "nutcracker.log"),
                "-p", os.path.join(workdir, "nutcracker.pid")], workdir)
        for spec, port in zip(args.vigils, vigil_ports):
            name = spec["target"]  # vigil.yml for the plain one, vigil-NAME.yml for a variant
            conf = write(workdir, name + ".yml", pool_yaml(port, vigil_servers, vigil_extra))
            self.servers[name] = Server(name, port, vigil_argv(spec, conf), workdir)
        if "haproxy" in args.targets:
            conf = write(workdir, "haproxy.cfg", haproxy_cfg(haproxy_port, haproxy_backend.port))
            self.servers["haproxy"] = Server("haproxy", haproxy_port,
                                             ["haproxy", "-db", "-f", conf], workdir)

    def add_node(self, label, server):
        self.servers[label] = server
        self.nodes.append((label, server))

    def target_server(self, name):
        return self.direct if name == "redis" else self.servers[name]

    def proxies(self):
        return [(name, server) for name, server in self.servers.items()
                if name in ("twemproxy", "haproxy") or name in self.vigil_targets]

    # ---- starting and checking

    def start(self):
        for name, server in self.servers.items():
            log("starting %s on %s:%d: %s" % (name, HOST, server.port, shlex.join(server.argv)))
            server.start()
            server.wait_for_ping()
            if name == self.nodes[-1][0]:
                self.after_backends()

    def after_backends(self):
        """Called once every backend answers PING, before the proxies start."""

    def check(self):
        """SET through each proxy, then find the value on the backend: the proxy forwards."""
        for name, server in self.proxies():
            key = "bench:probe:%s" % name
            value = os.urandom(8).hex().encode()
            if resp_command(server.port, "SET", key, value) != "OK":
                raise BenchError("%s: SET through it did not reply OK" % name)
            found = [label for label, node in self.write_nodes()
                     if resp_command(node.port, "GET", key) == value]
            if len(found) != 1:
                raise BenchError("%s: a value SET through it is on %d backends (%s), expected 1"
                                 % (name, len(found), ", ".join(found) or "none"))
            resp_command(self.servers[found[0]].port, "DEL", key)

    def write_nodes(self):
        """The nodes a write may land on: the direct Redis (the master), or any shard."""
        return [(label, node) for label, node in self.nodes if node is self.direct] \
            if self.direct else self.nodes

    # ---- the keyspace

    def load_via(self):
        return self.direct.name, self.direct

    def load(self, data_size):
        """SET every key redis-benchmark -r can draw (or its single key without -r) to a value of
        data_size bytes, pipelined, unless the last load already used that size."""
        if self.loaded_size == data_size:
            return
        keyspace = self.args.keyspace
        keys = [key_name(i) for i in range(keyspace)] if keyspace else ["key:__rand_int__"]
        value = b"x" * data_size
        via, server = self.load_via()
        started = time.monotonic()
        replies = resp_pipeline(server.port, (["SET", key, value] for key in keys))
        if any(reply != "OK" for reply in replies):
            raise BenchError("loading the keyspace through %s: a SET did not reply OK" % via)
        self.after_load(keys, value)
        self.loaded_size = data_size
        log("loaded %d key%s of %d bytes through %s in %.1f s"
            % (len(keys), "" if len(keys) == 1 else "s", data_size, via,
               time.monotonic() - started))

    def after_load(self, keys, value):
        """Called after each load, before any run."""

    def before_run(self, name):
        """Called before each measured run against target name."""

    # ---- counting

    def node_stats(self):
        """Per node: read and write events, key lookups that hit and missed, and the COUNTED
        calls so far; None if unknown."""
        result = {}
        for label, node in self.nodes:
            try:
                fields = info(node.port, "stats", "commandstats")
                result[label] = {"reads": int(fields["total_reads_processed"]),
                                 "writes": int(fields["total_writes_processed"]),
                                 "hits": int(fields["keyspace_hits"]),
                                 "misses": int(fields["keyspace_misses"]),
                                 **{command: calls(fields, command) for command in COUNTED}}
            except (OSError, BenchError, KeyError, ValueError, AttributeError):
                return None
        return result

    def describe(self, args):
        """The sentence under the table that says what the rows and columns mean here."""
        return ""


class Single(Setup):
    name = "single"

    def __init__(self, args, workdir):
        super().__init__(args, workdir)
        (redis_port,) = free_ports(1)
        self.direct = Server("redis", redis_port, redis_argv(redis_port, workdir), workdir)
        self.add_node("redis", self.direct)
        line = server_line(redis_port, "s1")
        self.add_proxies(line, line, "", self.direct)


class Sharded(Setup):
    name = "sharded"
    targets = ("twemproxy", "vigil")
    default_keyspace = 10000
    node_column = "backend cmds: per shard, per request"
    SHARDS = ("s1", "s2", "s3")

    def __init__(self, args, workdir):
        super().__init__(args, workdir)
        lines = ""
        for label, port in zip(self.SHARDS, free_ports(len(self.SHARDS))):
            self.add_node(label, Server(label, port, redis_argv(port, node_dir(workdir, label)),
                                        workdir))
            lines += server_line(port, label)
        self.add_proxies(lines, lines, "", None)

    def load_via(self):
        name = "twemproxy" if "twemproxy" in self.servers else self.vigil_targets[0]
        return name, self.servers[name]

    def after_load(self, keys, value):
        """Each sample key is on exactly one shard, and every proxy reads it from there."""
        step = max(1, len(keys) // SAMPLE_KEYS)
        for key in keys[::step][:SAMPLE_KEYS]:
            holders = [label for label, node in self.nodes
                       if resp_command(node.port, "EXISTS", key) == 1]
            if len(holders) != 1:
                raise BenchError("%s is on %d shards (%s) after the load, expected 1"
                                 % (key, len(holders), ", ".join(holders) or "none"))
            for name, proxy in self.proxies():
                if resp_command(proxy.port, "GET", key) != value:
                    raise BenchError("%s: GET %s through it does not find the value loaded "
                                     "into shard %s" % (name, key, holders[0]))
        sizes = {label: resp_command(node.port, "DBSIZE") for label, node in self.nodes}
        self.details["keys_per_shard"] = sizes
        log("keys per shard: %s; %d sampled keys are each on one shard and found there by %s"
            % (" / ".join("%s %d" % item for item in sizes.items()),
               len(keys[::step][:SAMPLE_KEYS]), " and ".join(name for name, _ in self.proxies())))

    def describe(self, args):
        return ("Setup *sharded*: three `redis-server`s s1, s2, s3 as one pool (`hash: fnv1a_64`, "
                "`distribution: ketama`, `redis: true`, named servers), the same YAML for "
                "twemproxy and Vigil. Before each data size's runs the %d keys `key:%%012d` that "
                "`-r %d` draws from are SET to values of `-d` bytes through %s (keys per shard: "
                "%s). No direct-Redis row: no single Redis holds the keyspace, so *÷ twemproxy* "
                "is the only ratio. *Redis µs/req* and *reads/req* add up the three shards; the "
                "last column is each shard's share of the GET, SET and MGET calls the shards "
                "executed during the run (`INFO commandstats`) and those calls per request "
                "(3.00 = one MGET per shard)."
                % (args.keyspace, args.keyspace, self.load_via()[0],
                   " / ".join("%s %s" % item
                              for item in self.details.get("keys_per_shard", {}).items())))


class Replicas(Setup):
    name = "replicas"
    targets = ("redis", "twemproxy", "vigil", "haproxy")
    node_column = "GETs per node"
    node_commands = ("get",)

    def __init__(self, args, workdir):
        super().__init__(args, workdir)
        master_port, *replica_ports = free_ports(3)
        self.direct = Server("master", master_port, redis_argv(
            master_port, node_dir(workdir, "master"), "--repl-diskless-sync", "yes",
            "--repl-diskless-sync-delay", "0"), workdir)
        self.add_node("master", self.direct)
        self.replicas = []
        for number, port in enumerate(replica_ports, 1):
            label = "replica-%d" % number
            server = Server(label, port, redis_argv(port, node_dir(workdir, label), "--replicaof",
                                                    HOST, str(master_port)), workdir)
            self.add_node(label, server)
            self.replicas.append(server)
        vigil = ("   - name: s1\n"
                 "     master: %s:%d\n"
                 "     replicas:\n" % (HOST, master_port)
                 + "".join("      - %s:%d\n" % (HOST, port) for port in replica_ports))
        self.add_proxies(server_line(master_port, "s1"), vigil, "  read_policy: replicas\n",
                         self.direct)

    def after_backends(self):
        self.wait_in_sync()
        log("both replicas report master_link_status:up and are in sync")

    def wait_in_sync(self, timeout=SYNC_TIMEOUT_S):
        """Until both replicas are linked, not syncing, and at the master's replication offset."""
        deadline = time.monotonic() + timeout
        while True:
            for _, node in self.nodes:
                node.check_alive("while replicating")
            state = "no answer"
            try:
                master = info(self.direct.port, "replication")
                offset = int(master["master_repl_offset"])
                state = "master offset %d, %s replicas connected" % (
                    offset, master.get("connected_slaves"))
                ok = int(master.get("connected_slaves", 0)) == len(self.replicas)
                for replica in self.replicas:
                    fields = info(replica.port, "replication")
                    state += "; %s: link %s, sync in progress %s, offset %s" % (
                        replica.name, fields.get("master_link_status"),
                        fields.get("master_sync_in_progress"), fields.get("slave_repl_offset"))
                    ok = ok and fields.get("master_link_status") == "up" \
                        and fields.get("master_sync_in_progress") == "0" \
                        and int(fields.get("slave_repl_offset", -1)) >= offset
                if ok:
                    return
            except (OSError, BenchError, KeyError, ValueError, AttributeError) as exc:
                state = str(exc)
            if time.monotonic() > deadline:
                raise BenchError("replicas not in sync within %.0f s: %s" % (timeout, state))
            time.sleep(0.05)

    def after_load(self, keys, value):
        self.wait_in_sync()
        for replica in self.replicas:
            if resp_command(replica.port, "GET", keys[-1]) != value:
                raise BenchError("%s does not have %s after the load" % (replica.name, keys[-1]))
        for name in self.vigil_targets:
            self.wait_replica_reads(keys[0], name)

    def before_run(self, name):
        """In sync before every run (a SET run's replication may still be on its way); before a
        Vigil run, both replicas take its reads again (its health checks need a few rounds after
        a replica lagged)."""
        self.wait_in_sync()
        if name in self.vigil_targets:
            self.wait_replica_reads(key_name(0) if self.args.keyspace else "key:__rand_int__",
                                    name)

    def wait_replica_reads(self, key, name, timeout=READY_TIMEOUT_S):
        """Pipelined GETs through the Vigil target name until each replica served some of
        them."""
        deadline = time.monotonic() + timeout
        vigil = self.servers[name]
        while True:
            before = [calls(info(node.port, "commandstats"), "get") for node in self.replicas]
            resp_pipeline(vigil.port, [["GET", key]] * 20)
            after = [calls(info(node.port, "commandstats"), "get") for node in self.replicas]
            if all(b > a for a, b in zip(before, after)):
                return
            if time.monotonic() > deadline:
                log("warning: after %.0f s %s still does not read from every replica "
                    "(GETs per replica in the last probe: %s)"
                    % (timeout, name, ", ".join(str(b - a) for a, b in zip(before, after))))
                return
            time.sleep(0.1)

    def describe(self, args):
        targets = " and ".join(title for name, title in (("twemproxy", "twemproxy"),
                                                         ("haproxy", "HAProxy"))
                               if name in args.targets)
        return ("Setup *replicas*: one master and two replicas (`replicaof`; all in sync, "
                "`master_link_status:up`, before every run). Vigil has `servers: [{name: s1, "
                "master: M, replicas: [R1, R2]}]` and `read_policy: replicas`%s; *Redis master "
                "(direct)* talks to the master itself. *Redis µs/req* and *reads/req* add up "
                "the three nodes (the replicas also apply every SET). *GETs per node* is each node's share of the GET "
                "calls the nodes executed during the runs (`INFO commandstats`); SETs cannot go to "
                "a replica (it would answer `-READONLY` and the run would fail)."
                % ("; %s %s the master only" % (targets, "are in front of" if " and " in targets
                                                 else "is in front of") if targets else ""))


SETUP_CLASSES = {"single": Single, "sharded": Sharded, "replicas": Replicas}
