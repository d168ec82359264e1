#!/usr/bin/python3
"""A/B of Ferry against itself: the same binary under two settings (environment variables), or two
builds, measured interleaved on one row of the benchmark, quiet or with a fixed busy load.

  sudo /usr/bin/python3 bench/ab.py --metric small --reps 7 \
      --a "" --b "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" [--load-cpus 1]

Each variant is a Ferry started under `taskset -c 1` (the benchmark's server CPU) on its own ports;
the driver runs on CPU 0. A, B, B, A, A, B, ...: both see the same noise. Prints the medians and B/A.
--metric crowd is the exception: every repetition restarts the variant unpinned and runs the
benchmark's own order (200, 200, 2,000, 2,000 clients), as bench/run.sh meets the 2,000-client row.
Run bench/run.sh once first (it publishes Ferry as users run it, builds the driver in Release and creates
the account and tree); without --a-dll/--b-dll both variants run that published build (servers.ferry_build:
on Linux x64 the native AOT executable, elsewhere the framework profile's ferry.dll).
A change that the published build carries differently from `dotnet build` (native AOT, or ReadyToRun and
TieredPGO) is measured with each side published the same way, as bench/run.sh does:
  dotnet publish src/Ferry -p:PublishProfile=linux-x64 -o DIR     then --a-dll DIR/ferry (native, Linux x64)
  dotnet publish src/Ferry -p:PublishProfile=framework -o DIR     then --a-dll DIR/ferry.dll (under dotnet)
Loopback only; every repetition is bounded by the driver's own timeout.
"""
import argparse
import statistics
import time
import types

import busyness
import metrics
import spread
import webdav_metrics
from compare import Context, ensure_account, ensure_tree, ensure_certificate, log, wait_for_sessions_to_end
from servers import Ferry, tree_cpu_seconds
from webdav_servers import FerryDav


def crowd(ctx, server):
    """The 2,000-client row as bench/run.sh meets it: a freshly started server free to use both CPUs
    (compare.py's phase 1), 200 clients twice, then 2,000 twice; the figure is the median of the two
    2,000-client p99s, as in the table. A server that has already served crowds has optimised code the
    table's first bursts do not (the JIT's tiers), so each repetition restarts it. Its CPU over the
    four bursts is left in server.crowd_cpu, since the process the loop below started is gone."""
    server.stop()
    server.start(ctx)
    time.sleep(1)
    started = tree_cpu_seconds(server.pid)
    p99s = []
    for clients in (200, 200, 2000, 2000):
        p99 = metrics.sessions(ctx, server, clients)[0]
        wait_for_sessions_to_end(server)
        if clients == 2000:
            p99s.append(p99)
    server.crowd_cpu = tree_cpu_seconds(server.pid) - started
    return statistics.median(p99s)


MEASURES = {
    "small": lambda ctx, s: metrics.small_files(ctx, s)[0],
    "small_tls": lambda ctx, s: metrics.small_files_tls(ctx, s)[0],
    "stor": lambda ctx, s: metrics.curl_transfer(ctx, s, tls=False, upload=True)[0],
    "retr": lambda ctx, s: metrics.curl_transfer(ctx, s, tls=False, upload=False)[0],
    # The table's TLS rows (PROT P, TLS 1.3, TLS_AES_128_GCM_SHA256 offered by curl), as bench/run.sh runs them.
    "retr_tls": lambda ctx, s: metrics.curl_transfer(ctx, s, tls=True, upload=False)[0],
    "stor_tls": lambda ctx, s: metrics.curl_transfer(ctx, s, tls=True, upload=True)[0],
    "list": lambda ctx, s: metrics.list_20k(ctx, s)[0],
    "mlsd": lambda ctx, s: metrics.list_20k(ctx, s, "MLSD")[0],
    "nlst": lambda ctx, s: metrics.list_20k(ctx, s, "NLST")[0],
    "sessions": lambda ctx, s: metrics.sessions(ctx, s, 2000)[0],
    "crowd": crowd,
    "dav_get": lambda ctx, s: webdav_metrics.transfer(ctx, s, tls=False, upload=False)[0],
    "dav_get_tls": lambda ctx, s: webdav_metrics.transfer(ctx, s, tls=True, upload=False)[0],
    "dav_put": lambda ctx, s: webdav_metrics.transfer(ctx, s, tls=False, upload=True)[0],
    "dav_put_tls": lambda ctx, s: webdav_metrics.transfer(ctx, s, tls=True, upload=True)[0],
    "dav_propfind": lambda ctx, s: webdav_metrics.propfind(ctx, s, named=True)[0],
    "dav_propfind_allprop": lambda ctx, s: webdav_metrics.propfind(ctx, s, named=False)[0],
    "dav_small": lambda ctx, s: webdav_metrics.small_gets(ctx, s)[0],
    # The WebDAV table's crowd row: 200 clients at once, 5 GETs each, p99 ms (lower is better). The table
    # runs it with every server free to use both CPUs: pass --free for the same.
    "dav_crowd": lambda ctx, s: webdav_metrics.crowd(ctx, s, 200, 5)[0],
}


class Variant(Ferry):
    """Ferry with extra environment variables (or another ferry.dll)."""

    def __init__(self, name, port, passive_low, settings, dll=None):
        super().__init__(name, port, passive_low, "async")
        self.settings = settings
        self.dll = dll

    def command(self, ctx, run):
        command, env = super().command(ctx, run)
        return with_build(command, self.dll), {**env, **self.settings}


class DavVariant(FerryDav):
    """The same for the WebDAV rows: each variant on its own HTTP, HTTPS, FTP and passive ports."""

    def __init__(self, name, port, tls_port, ftp_port, passive, settings, dll=None):
        super().__init__(name, port, tls_port)
        self.ftp_port, self.passive, self.settings, self.dll = ftp_port, passive, settings, dll

    def command(self, ctx, run):
        command, env = FerryDav.command(self, ctx, run)
        command[command.index("--ftp-port") + 1] = str(self.ftp_port)
        command[command.index("--passive-ports") + 1] = self.passive
        return with_build(command, self.dll), {**env, **self.settings}


def with_build(command, build):
    """The server's command with another build in place of the published one (servers.ferry_build: `dotnet
    ferry.dll` or a native `ferry`, so its arguments start at "serve"): a ferry.dll runs under dotnet,
    anything else (a native AOT publish's ferry) runs as it is."""
    if not build:
        return command
    arguments = command[command.index("serve"):]
    if build.endswith(".dll"):
        return ["dotnet", build] + arguments
    return [build] + arguments


def slot_ports(slot):
    """Slot 0 keeps the ports this script always used; slots 1-3 take ranges below 24,000 (and below
    the kernel's ephemeral range, 32768 up, so no client's port collides with a passive one). Each FTP
    variant gets 2,000 passive ports: the 2,000-client row holds that many at once."""
    if slot == 0:
        return types.SimpleNamespace(ftp=2301, http=8181, https=8543,
                                     ftp_passive=(24000, 26100), dav_passive=("28000-28499", "28500-28999"))
    base = 10000 + (slot - 1) * 4600
    return types.SimpleNamespace(ftp=2301 + 10 * slot, http=8181 + 10 * slot, https=8543 + 10 * slot,
                                 ftp_passive=(base, base + 2000),
                                 dav_passive=(f"{base + 4000}-{base + 4299}", f"{base + 4300}-{base + 4599}"))


def parse_settings(text):
    settings = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = pair.partition("=")
        settings[name] = value
    return settings


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--metric", choices=sorted(MEASURES), default="small")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--a", default="", help="NAME=VALUE,... for variant A")
    parser.add_argument("--b", default="", help="NAME=VALUE,... for variant B")
    parser.add_argument("--a-dll", default=None, help="another build for A: a ferry.dll (a plain build's bin/Release/net10.0/ferry.dll or a publish's) or a native executable")
    parser.add_argument("--b-dll", default=None, help="another build for B (as --a-dll)")
    parser.add_argument("--warm-ups", type=int, default=1,
                        help="untimed passes per variant before the first repetition (pinned to one CPU, .NET waits ten times "
                             "longer before it optimises hot code, so one pass may leave the first repetitions unoptimised)")
    parser.add_argument("--cold", action="store_true",
                        help="no warm-up pass: the first repetitions include the JIT's work after start")
    parser.add_argument("--load-cpus", default="", help="CPUs that get a busy loop during the measurement, e.g. 0 or 0,1")
    parser.add_argument("--free", action="store_true",
                        help="start the servers on every CPU, not pinned to the server's CPU (as the WebDAV table's crowd row runs)")
    parser.add_argument("--slot", type=int, choices=range(4), default=0,
                        help="ports of their own (1-3) so that up to four A/Bs can run at once without taking each other's")
    args = parser.parse_args()

    ctx = Context(types.SimpleNamespace(peers_dir=""))
    ensure_account(ctx)
    ensure_tree(ctx)
    ensure_certificate(ctx)
    ports = slot_ports(args.slot)
    if args.metric.startswith("dav_"):
        variants = [DavVariant("A", ports.http, ports.https, ports.ftp + 2, ports.dav_passive[0], parse_settings(args.a), args.a_dll),
                    DavVariant("B", ports.http + 1, ports.https + 1, ports.ftp + 3, ports.dav_passive[1], parse_settings(args.b), args.b_dll)]
    else:
        variants = [Variant("A", ports.ftp, ports.ftp_passive[0], parse_settings(args.a), args.a_dll),
                    Variant("B", ports.ftp + 1, ports.ftp_passive[1], parse_settings(args.b), args.b_dll)]
    values = {v.name: [] for v in variants}
    cpu = {v.name: [] for v in variants}
    measure = MEASURES[args.metric]
    try:
        for variant in variants:
            variant.start(ctx, cpus=None if args.free else ctx.server_cpus)
        for _ in range(0 if args.cold or args.metric == "crowd" else args.warm_ups):
            for variant in variants:
                measure(ctx, variant)  # warm-up: the JIT's first passes are not the figure
        before = busyness.snapshot()
        load = spread.Contention(args.load_cpus) if args.load_cpus else None
        if load:
            load.__enter__()
        try:
            for rep in range(args.reps):
                order = variants if rep % 2 == 0 else variants[::-1]
                for variant in order:
                    # The server's CPU time: a figure other work on the machine barely moves, unlike
                    # wall-clock rates when helpers or builds share the two CPUs.
                    spent = tree_cpu_seconds(variant.pid)
                    value = measure(ctx, variant)
                    fresh = variant.__dict__.pop("crowd_cpu", None)
                    spent = fresh if fresh is not None else tree_cpu_seconds(variant.pid) - spent
                    values[variant.name].append(value)
                    cpu[variant.name].append(spent)
                    log(f"  {args.metric} {variant.name}: {value:.4g} (server CPU {spent:.2f} s)")
        finally:
            if load:
                load.__exit__(None, None, None)
        machine = busyness.describe(busyness.between(before, busyness.snapshot()))
    finally:
        for variant in variants:
            variant.stop()

    a, b = (statistics.median(values[n]) for n in ("A", "B"))
    print(f"{args.metric}: A {a:.4g} ({min(values['A']):.4g}-{max(values['A']):.4g}) [{args.a or 'defaults'}]")
    print(f"{args.metric}: B {b:.4g} ({min(values['B']):.4g}-{max(values['B']):.4g}) [{args.b or 'defaults'}]")
    for name in ("A", "B"):
        print(f"server CPU per repetition, {name}: " + " ".join(f"{c:.2f}" for c in cpu[name]) + " s")
    print(f"B/A = {b / a:.2f} (for 'list', 'mlsd', 'nlst' and 'dav_propfind*' (seconds) and 'sessions', 'crowd' and 'dav_crowd' (p99 ms), lower is better); load on CPUs: {args.load_cpus or 'none'}; machine: {machine}")


if __name__ == "__main__":
    main()
