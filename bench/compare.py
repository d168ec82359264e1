#!/usr/bin/python3
"""Runs Ferry and its peers side by side and writes the table to docs/performance.md.

Started by bench/run.sh (which installs and builds first); see docs/performance.md for the method.
  --quick              3 repetitions of the single-stream figures instead of 7, no 10,000-session run
  --servers a,b        a subset (ferry,vsftpd,pure-ftpd,proftpd)
  --metrics a,b        a subset of: retr,retr_tls,stor,stor_tls,small,small_tls,list,sessions,idle,ceilings
  --no-write           print the table, leave docs/performance.md alone
  --webdav             the WebDAV table instead: Ferry against Apache, lighttpd and nginx (bench/webdav_bench.py)
  --note TEXT          a sentence printed above the table (say when the machine was busy)
  --contended [SIDE]   measure each single-stream row again with a fixed busy loop (bench/spread.py) on the
                       client's core (SIDE client, the default) or on the server's (server), and report both
The table states how busy the machine was (load average, CPU busy and steal time from /proc) for the
run and for each row, and a row whose repetitions spread wider than the tie band gets one more round.
Loopback only; every loop is bounded by a count and each step by a timeout.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import pwd
import statistics
import subprocess
import sys
import time
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt  # Debian 12's Python 3.11 still has it: the one way to time SHA-512 crypt from Python

import busyness
import metrics
import report
import spread
from metrics import Failure
from servers import all_servers

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALL_METRICS = ["ceilings", "sessions", "idle", "retr", "retr_tls", "stor", "stor_tls", "small", "small_tls", "list"]


class Context:
    user = "ferrybench"
    password = "bench-only-9f3c"  # a throwaway loopback-only account that the run creates; not a secret
    data_dir = "/srv/ferry-bench"
    client_cpus = "0"
    server_cpus = "1"
    tls_version = "1.3"
    tls13_suite = "TLS_AES_128_GCM_SHA256"
    tls12_cipher = "ECDHE-ECDSA-AES128-GCM-SHA256"
    pbkdf2_iterations = 600_000  # Ferry's default

    def __init__(self, args):
        self.repo = REPO
        self.peers_dir = args.peers_dir
        self.run_dir = os.path.join(REPO, "bench/results", datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"))
        self.big_file = os.path.join(self.data_dir, "big1g.bin")
        self.cert = os.path.join(self.run_dir, "tls/cert.pem")
        self.key = os.path.join(self.run_dir, "tls/key.pem")
        self.driver = os.path.join(REPO, "bench/Ferry.Bench/bin/Release/net10.0/Ferry.Bench.dll")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_account(ctx):
    """A system account for the peers (they log on through the system's password database)."""
    try:
        pwd.getpwnam(ctx.user)
    except KeyError:
        subprocess.run(["useradd", "-M", "-d", ctx.data_dir, "-s", "/bin/bash", ctx.user], check=True)  # vsftpd's PAM wants a real shell
    # SHA-512 crypt, 5,000 rounds: Debian's default yescrypt would cost the peers about 24 ms a logon.
    subprocess.run(["chpasswd", "-c", "SHA512"], input=f"{ctx.user}:{ctx.password}\n", text=True, check=True)
    try:
        pwd.getpwnam("_pure-ftpd")
    except KeyError:  # pure-ftpd's privilege-separation user
        subprocess.run(["useradd", "-r", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", "_pure-ftpd"], check=True)


def ensure_tree(ctx):
    """The files every server serves; made once and kept (the 1 GiB file takes a while)."""
    marker = os.path.join(ctx.data_dir, ".complete")
    if not os.path.exists(marker):
        log(f"creating the test tree in {ctx.data_dir}")
        os.makedirs(ctx.data_dir, exist_ok=True)
        block = os.urandom(1 << 20)
        with open(ctx.big_file, "wb") as f:
            for _ in range(1024):
                f.write(block)
        with open(os.path.join(ctx.data_dir, "f64k.bin"), "wb") as f:
            f.write(os.urandom(65536))
        for folder, count, size in (("small", 2000, 4096), ("dir100", 100, 100), ("dir20k", 20000, 0)):
            os.makedirs(os.path.join(ctx.data_dir, folder), exist_ok=True)
            for i in range(count):
                with open(os.path.join(ctx.data_dir, folder, f"f{i:05d}"), "wb") as f:
                    f.write(os.urandom(size))
        os.makedirs(os.path.join(ctx.data_dir, "upload"), exist_ok=True)
        open(marker, "w").close()
    subprocess.run(["chown", "-R", f"{ctx.user}:{ctx.user}", ctx.data_dir], check=True)
    subprocess.run(["chmod", "755", ctx.data_dir], check=True)


def ensure_certificate(ctx):
    os.makedirs(os.path.dirname(ctx.cert), exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "7", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", ctx.key, "-out", ctx.cert], check=True, capture_output=True)
    os.chmod(ctx.key, 0o644)  # proftpd and pure-ftpd read it after dropping privileges


def hash_costs(ctx):
    """Measures the stated password-hash costs, so the logon-heavy figures can be read fairly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        salt = crypt.mksalt(crypt.METHOD_SHA512)
        started = time.perf_counter()
        for _ in range(50):
            crypt.crypt(ctx.password, salt)
        sha512 = (time.perf_counter() - started) / 50 * 1000
    started = time.perf_counter()
    for _ in range(3):
        hashlib.pbkdf2_hmac("sha256", ctx.password.encode(), b"0123456789abcdef", ctx.pbkdf2_iterations)
    pbkdf2 = (time.perf_counter() - started) / 3 * 1000
    return {"sha512_crypt_ms": round(sha512, 2), "pbkdf2_ms": round(pbkdf2, 2)}


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} vCPU ({cpu}), {memory // 1024} GiB RAM, Linux {platform.release()}"


class Recorder:
    def __init__(self, path):
        self.path = path
        self.values = {}  # metric -> server -> [numbers]
        self.details = {}  # metric -> server -> [dict]
        self.failures = {}  # metric -> server -> [reason]
        self.busy = {}  # metric -> busyness.between() while the row ran
        self.repeated = {}  # metric -> servers whose spread asked for another round

    def add(self, metric, server, value, details=None):
        self.values.setdefault(metric, {}).setdefault(server, []).append(value)
        self.details.setdefault(metric, {}).setdefault(server, []).append(details or {})
        self.write({"metric": metric, "server": server, "value": value, **(details or {})})

    def fail(self, metric, server, reason):
        self.failures.setdefault(metric, {}).setdefault(server, []).append(reason)
        self.write({"metric": metric, "server": server, "failure": reason})
        log(f"  {metric} {server}: FAILED {reason}")

    def write(self, record):
        with open(self.path, "a") as f:
            f.write(json.dumps(record) + "\n")


# The whole run must end within 20 minutes (issue 3): past this, what is left is recorded as skipped.
TIME_BUDGET_SECONDS = 18 * 60
# --contended measures every single-stream row a second time, and with the server's core busy those
# rows take longer than the quiet ones: a --quick run so asked took 18 minutes and lost its last row,
# and a full one with four servers (seven repetitions each) 26 minutes and lost FTPS small files and LIST.
CONTENDED_EXTRA_SECONDS = 14 * 60
STARTED = time.monotonic()
time_budget_seconds = TIME_BUDGET_SECONDS  # run() sets it for the run it was asked for


def time_budget(contended):
    return TIME_BUDGET_SECONDS + (CONTENDED_EXTRA_SECONDS if contended else 0)


# What a measurement may raise for one server: recorded or logged for it, and the run goes on.
MEASURE_ERRORS = (Failure, subprocess.TimeoutExpired, KeyError, ValueError)


def interleaved(recorder, metric, servers, reps, measure):
    """A B C D, B C D A, ...: every server sees the same noise, and none always goes first.
    A row whose repetitions spread wider than the tie band gets one more round (bounded), and the
    machine's busyness over the whole row is recorded beside it."""
    before = busyness.snapshot()
    rounds(recorder, metric, servers, reps, measure)
    for _ in range(spread.MAX_EXTRA_ROUNDS):
        wide = spread.wide_servers(recorder.values.get(metric, {}))
        if not wide or reps < 2:
            break
        log(f"  {metric}: repetitions of {', '.join(wide)} spread wider than the tie band; one more round")
        recorder.repeated[metric] = wide
        rounds(recorder, metric, servers, reps, measure)
    recorder.busy[metric] = busyness.between(before, busyness.snapshot())
    recorder.write({"metric": metric, "busyness": recorder.busy[metric], "repeated": recorder.repeated.get(metric, [])})


def rounds(recorder, metric, servers, reps, measure):
    for rep in range(reps):
        shift = rep % len(servers)
        for server in servers[shift:] + servers[:shift]:
            if time.monotonic() - STARTED > time_budget_seconds:
                recorder.fail(metric, server.name, f"skipped: the run's {time_budget_seconds // 60}-minute budget was spent")
                continue
            try:
                process, cpu_before = getattr(server, "process", None), server_cpu(server)
                value, details = measure(server)
                # A measurement that restarts the server (the idle rows) has no CPU figure of its own.
                spent = server_cpu(server) - cpu_before if getattr(server, "process", None) is process else None
                details = {**details, "server_cpu_s": None if spent is None else round(spent, 3)}
                recorder.add(metric, server.name, round(value, 3), details)
                log(f"  {metric} {server.name}: {value:.1f}")
            except MEASURE_ERRORS as error:
                recorder.fail(metric, server.name, str(error))


def untimed_round(servers, measure):
    """One untimed measurement by every server, before the first upload row of a run. On this machine
    (a VM with free page reporting) the first seconds of uploading after the download rows were slow
    for whichever server went first, and the first server of a row is always the first one listed
    (Ferry): its first STOR ran at 383-932 MB/s in five runs against 1,600-2,300 for its others, and
    vsftpd's, second, was slow with it (in this round: Ferry 985, vsftpd 1,252, pure-ftpd 1,780,
    proftpd 2,130). Two untimed 1 GiB file copies by the benchmark itself did not prevent it. The
    rows after the first upload row showed no such start, so they get no round (it cost a full run
    3.6 minutes and its last rows when every upload row had one)."""
    rates = []
    for server in servers:
        try:
            rates.append(f"{server.name} {measure(server)[0]:,.0f}")
        except MEASURE_ERRORS as error:
            rates.append(f"{server.name} failed ({error})")
    log(f"  untimed first round: {', '.join(rates)}")


def first_upload_row(plan, wanted):
    """The first upload row of the plan that will run: the one row that begins with untimed_round."""
    return next((name for name, _ in plan if name in wanted and name in metrics.UPLOAD_ROWS), None)


def warm_up(ctx, server):
    """One untimed pass over the paths the single-stream figures use, the same for every server:
    a just-started .NET process runs unoptimised code for its first few thousand calls."""
    try:
        metrics.small_files(ctx, server)
        metrics.curl_transfer(ctx, server, tls=False, upload=False)
        metrics.curl_transfer(ctx, server, tls=True, upload=False)
        metrics.list_20k(ctx, server)
    except MEASURE_ERRORS as error:
        log(f"  warm-up of {server.name} failed: {error}")


def contended_cores(choice, ctx):
    """The busy-core variant --contended asks for, as (side, row key suffix, CPUs): the client's core (a
    busy machine on the client's side: what the row's client then manages) or the server's (the server
    shares its machine with other work: what its own cost per file or per GiB decides). One per run: a
    `--quick` run with one variant takes 16-18 minutes on this machine kind, within its 26."""
    cpus = {"client": ctx.client_cpus, "server": ctx.server_cpus}
    return [(side, suffix, cpus[side]) for suffix, side in report.BUSY_CORE_VARIANTS if side == choice]


def server_cpu(server):
    """The server's CPU seconds so far, its sessions included; 0 for one with no process (a test's stand-in)."""
    return server.cpu_seconds() if hasattr(server, "cpu_seconds") and getattr(server, "process", None) else 0.0


def skip_larger_idle(recorder, server, count):
    """A server that already left sessions without a greeting at 500 idle sessions is not asked to hold
    `count`: each stuck session costs the driver its 10 s wait, and with proftpd and vsftpd that row
    alone took six minutes of the run's budget (twenty-seventh session), so the single-stream rows
    at its end were skipped. Recorded as a failure with the reason, so its cell says why."""
    failed = sum(d.get("failures") or 0 for d in recorder.details.get("idle_500", {}).get(server.name, []))
    errors = recorder.failures.get("idle_500", {}).get(server.name)
    if not failed and not errors:
        return False
    why = f"{failed} of 500 failed" if failed else errors[-1]
    recorder.fail(f"idle_{count}", server.name, f"not measured: {why} at 500 idle sessions")
    return True


def wait_for_sessions_to_end(server, limit_seconds=30):
    """Process-per-session servers take a moment to reap their children after a burst."""
    from servers import process_tree
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline and len(process_tree(server.pid)) > 2:
        time.sleep(0.5)


def run(args):
    global time_budget_seconds
    time_budget_seconds = time_budget(args.contended)
    ctx = Context(args)
    os.makedirs(ctx.run_dir, exist_ok=True)
    wanted = args.metrics.split(",") if args.metrics else ALL_METRICS
    servers = [s for s in all_servers() if not args.servers or s.name in args.servers.split(",")]
    single_reps = 3 if args.quick else 7
    crowd_reps = 2 if args.quick else 3
    recorder = Recorder(os.path.join(ctx.run_dir, "results.jsonl"))
    started = time.monotonic()
    run_before = busyness.snapshot()

    ensure_account(ctx)
    ensure_tree(ctx)
    ensure_certificate(ctx)
    costs = hash_costs(ctx)
    log(f"hash costs: {costs}")
    extras = {}

    for server in servers:
        log(f"starting {server.name} on 127.0.0.1:{server.port}")
        server.start(ctx)
    try:
        if "ceilings" in wanted:
            log("ceilings")
            out = subprocess.run(["/usr/bin/python3", os.path.join(REPO, "bench/ceiling.py"), "--file", ctx.big_file, "--reps", "3", "--pin"],
                                 capture_output=True, text=True, timeout=600)
            for line in out.stdout.splitlines():
                record = json.loads(line)
                extras[record["metric"]] = record
                recorder.write(record)
            aes = metrics.driver(ctx, ["ceiling", "--modes", "aes"], cpus=ctx.client_cpus)
            for record in aes:
                extras["aes_gcm"] = record
                recorder.write(record)
            # Pinned like the small-file row it sets the bar for; its crowd figures are taken with the
            # servers' crowds below, under the same conditions.
            stub = StubServer(ctx, cpus=ctx.server_cpus)
            try:
                extras["stub_small"] = stub.small_files()
                recorder.write({"metric": "stub_small", **extras["stub_small"]})
            finally:
                stub.stop()

        # Phase 1, every server free to use both cores: memory, then crowds.
        if "idle" in wanted:
            def fresh_idle(server, count, tls=False):
                # On a freshly started server: after a burst, a heap that already grew would absorb
                # the new sessions and make them look free.
                server.stop()
                server.start(ctx)
                time.sleep(1)
                return metrics.idle(ctx, server, count, tls)
            for count in (500, 5000):
                log(f"{count} idle sessions, each server freshly started")
                holding = [s for s in servers if count == 500 or not skip_larger_idle(recorder, s, count)]
                interleaved(recorder, f"idle_{count}", holding, 1, lambda s, count=count: fresh_idle(s, count))
            ferry = [s for s in servers if s.name == "ferry"]
            log("Ferry alone: 5,000 idle TLS sessions" + ("" if args.quick else ", then 10,000 idle plain sessions"))
            interleaved(recorder, "idle_tls_5000", ferry, 1, lambda s: fresh_idle(s, 5000, tls=True))
            if not args.quick:
                interleaved(recorder, "idle_10000", ferry, 1, lambda s: fresh_idle(s, 10000))

        if "sessions" in wanted:
            # The driver's own ceiling for the crowds (its do-nothing stub) takes its turn in the same
            # rounds, started the same way (unpinned), so that it meets what the servers meet: each
            # 2,000-client burst leaves about 6,000 sockets in TIME_WAIT for a minute, and the load
            # moves from row to row. Measured once at the start of the run (fourteenth session), on a
            # machine no burst had touched yet, it set a bar under conditions the servers' rows never had.
            stub = StubServer(ctx)
            crowd_servers = servers + [stub]
            try:
                for clients in (200, 2000):
                    log(f"{clients} clients at once, the driver's stub among the servers")
                    def crowd(server, clients=clients):
                        try:
                            return metrics.sessions(ctx, server, clients)
                        finally:
                            wait_for_sessions_to_end(server)
                    key = f"sessions_{clients}"
                    interleaved(recorder, key, crowd_servers, crowd_reps, crowd)
                    runs = recorder.values.get(key, {}).get("stub", [])
                    if runs:
                        extras[f"stub_{key}"] = {"value": statistics.median(runs), "runs": runs}
                        recorder.write({"metric": f"stub_{key}", **extras[f"stub_{key}"]})
            finally:
                stub.stop()
        # Phase 2, single streams: server on CPU 1, client on CPU 0, as the ceilings were measured.
        # Restarted under taskset rather than pinned while running: .NET sizes its thread pool and
        # spin-waiting by the CPUs it sees at start, and two pool threads fighting over one CPU
        # halved Ferry's small-file rate (the C servers do not care either way).
        for server in servers:
            server.stop()
            server.start(ctx, cpus=ctx.server_cpus)
            warm_up(ctx, server)
        plan = [("retr", lambda s: metrics.curl_transfer(ctx, s, tls=False, upload=False)),
                ("retr_tls", lambda s: metrics.curl_transfer(ctx, s, tls=True, upload=False)),
                ("stor", lambda s: metrics.curl_transfer(ctx, s, tls=False, upload=True)),
                ("stor_tls", lambda s: metrics.curl_transfer(ctx, s, tls=True, upload=True)),
                ("small", lambda s: metrics.small_files(ctx, s)),
                ("small_tls", lambda s: metrics.small_files_tls(ctx, s)),
                ("list", lambda s: metrics.list_20k(ctx, s))]
        first_upload = first_upload_row(plan, wanted)
        for name, measure in plan:
            if name in wanted:
                log(name)
                if name == first_upload:
                    untimed_round(servers, measure)
                interleaved(recorder, name, servers, single_reps, measure)
                for side, suffix, cpus in contended_cores(args.contended, ctx):
                    # The busy-machine case on purpose: the same row with a busy loop on one side's core.
                    log(f"{name}, contended (a busy loop on CPU {cpus}, the {side}'s)")
                    with spread.Contention(cpus):
                        interleaved(recorder, name + suffix, servers, single_reps, measure)
    finally:
        for server in servers:
            server.stop()

    minutes = (time.monotonic() - started) / 60
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": ("sudo bench/run.sh " + " ".join(sys.argv[3:])).strip(),
        "minutes": round(minutes, 1),
        "versions": {s.name: s.version(ctx) for s in servers},
        "hash_costs": costs,
        "single_reps": single_reps,
        "crowd_reps": crowd_reps,
        "ctx": ctx,
        "busy": busyness.between(run_before, busyness.snapshot()),
    }
    table = report.render(recorder, extras, info, servers)
    print(table)
    if not args.no_write:
        report.write_into(os.path.join(REPO, "docs/performance.md"), table)
        log("wrote docs/performance.md")
    log(f"done in {minutes:.1f} minutes; raw results in {ctx.run_dir}")


class StubServer:
    """The driver's own do-nothing server: what the driver reaches when the server costs nothing.
    In the crowd rows it takes its turn like a server (name, port, pid), so it is measured the same way."""

    name = "stub"
    kind = "stub"
    # 2,000 passive ports like every server (report.py states the size), above the servers' ranges and
    # below the kernel's ephemeral range: with fewer than the 2,000 clients of a burst, the rest would
    # bind port 0, which is the slow path (see StubServer.cs).
    passive = "28000-29999"

    def __init__(self, ctx, cpus=None):
        self.ctx = ctx
        self.port = 2209
        command = ["dotnet", ctx.driver, "stub", "--port", str(self.port), "--seconds", "1200", "--passive-ports", self.passive]
        if cpus:
            command = ["taskset", "-c", cpus] + command
        # In a session of its own like every server (servers.Server.start says why): the figures it
        # sets the bar for are measured against servers started that way.
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        from servers import listening
        deadline = time.monotonic() + 20
        while not listening(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    @property
    def pid(self):
        return self.process.pid

    def args(self):
        return ["--host", "127.0.0.1", "--port", str(self.port), "--user", "stub", "--pass", "stub", "--label", "stub"]

    def small_files(self):
        runs = [metrics.driver(self.ctx, ["small"] + self.args() + ["--dir", "small", "--count", "2000"], cpus=self.ctx.client_cpus)[-1]["value"]
                for _ in range(3)]
        return {"value": statistics.median(runs), "runs": runs}

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def parser():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peers-dir", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--servers", default="")
    parser.add_argument("--metrics", default="")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--webdav", action="store_true")
    parser.add_argument("--note", default="")
    parser.add_argument("--contended", nargs="?", const="client", choices=["client", "server"])
    return parser


def main():
    args = parser().parse_args()
    if args.webdav:
        import webdav_bench  # imports this module: only now, when it is fully loaded
        webdav_bench.run(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
