"""The WebDAV half of the side-by-side benchmark: `sudo bench/run.sh --webdav [--quick]`.

Ferry against Apache (mod_dav_fs), lighttpd (mod_webdav) and nginx (dav + dav-ext), all on loopback,
the same tree, account and certificate, each metric interleaved (A B C D, B C D A, ...); writes the
WebDAV block of docs/performance.md. Its own mode rather than more rows of the FTP run: the peers are
other servers, the FTP run already uses most of its 18-minute budget, and either table can be
refreshed without the other. Every step is bounded by a count and a timeout.
  --metrics a,b   a subset of: ceilings,idle,crowd,get,get_tls,put,put_tls,propfind,propfind_allprop,small
  --servers a,b   a subset of: ferry,apache,lighttpd,nginx
  --contended [client|server]  each single-stream row again with a busy loop on that side's core, as the FTP run
"""
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

import metrics
import report
import webdav_metrics
import spread
from compare import (MEASURE_ERRORS, REPO, Context, Recorder, contended_cores, ensure_account, ensure_certificate,
                     ensure_tree, first_upload_row, interleaved, log, machine, untimed_round)
from metrics import Failure
from webdav_servers import DriverStub, all_webdav_servers, installed

ALL_METRICS = ["ceilings", "idle", "crowd", "get", "get_tls", "put", "put_tls", "propfind", "propfind_allprop", "small"]
IDLE_CONNECTIONS = 1000  # within every peer's configured limits (Apache: 16 processes x 320 connections)
CROWD_CLIENTS = 200
CROWD_GETS = 5  # "a few small GETs" each: connect, 5 x 4 KiB on one keep-alive connection, close
STUB_PORT = 8315  # beside the servers' 8311-8314


def start_all(ctx, servers, recorder, cpus=None):
    """Starts every server; one that will not start is recorded and left out, not the whole run."""
    running = []
    for server in servers:
        try:
            server.start(ctx, cpus=cpus)
            running.append(server)
        except RuntimeError as error:
            log(f"  {server.name} did not start: {error}")
            recorder.fail("start", server.name, str(error))
    return running


def warm_up(ctx, server):
    """One untimed pass over the paths the single-stream rows use, the same for every server: a
    just-started .NET process runs unoptimised code for its first few thousand calls."""
    for step in (lambda: webdav_metrics.small_gets(ctx, server),
                 lambda: webdav_metrics.transfer(ctx, server, tls=False, upload=False),
                 lambda: webdav_metrics.transfer(ctx, server, tls=True, upload=False),
                 lambda: webdav_metrics.propfind(ctx, server, named=True)):
        try:
            step()
        except MEASURE_ERRORS as error:
            log(f"  warm-up of {server.name} failed: {error}")


def shown_arguments(arguments):
    """The command as typed, less the --note text (the table prints the note on its own)."""
    shown, skip = [], False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--note":
            skip = True
        elif not argument.startswith("--note="):
            shown.append(argument)
    return shown


def run(args):
    if not installed():
        sys.exit("bench: the WebDAV peers are not installed; run it as: sudo bench/run.sh --webdav")
    ctx = Context(args)
    os.makedirs(ctx.run_dir, exist_ok=True)
    wanted = args.metrics.split(",") if args.metrics else ALL_METRICS
    unknown = set(wanted) - set(ALL_METRICS)
    if unknown:
        sys.exit(f"bench: unknown WebDAV metric(s) {', '.join(sorted(unknown))}; choose from {','.join(ALL_METRICS)}")
    servers = [s for s in all_webdav_servers() if not args.servers or s.name in args.servers.split(",")]
    single_reps = 3 if args.quick else 7
    crowd_reps = 2 if args.quick else 3
    recorder = Recorder(os.path.join(ctx.run_dir, "results.jsonl"))
    started = time.monotonic()
    ensure_account(ctx)
    ensure_tree(ctx)
    ensure_certificate(ctx)
    extras = {}

    if "ceilings" in wanted:
        log("ceilings")
        out = subprocess.run(["/usr/bin/python3", os.path.join(REPO, "bench/ceiling.py"), "--file", ctx.big_file, "--reps", "3", "--pin"],
                             capture_output=True, text=True, timeout=600)
        for line in out.stdout.splitlines():
            record = json.loads(line)
            extras[record["metric"]] = record
            recorder.write(record)
        try:
            extras["aes_gcm"] = metrics.driver(ctx, ["ceiling", "--modes", "aes"], cpus=ctx.client_cpus)[-1]
            recorder.write(extras["aes_gcm"])
        except Failure as error:
            log(f"  AES ceiling failed: {error}")

    live = []
    # The driver's do-nothing HTTP server takes its turn in the crowd and idle rounds, started the same
    # way, so that its floor meets what the servers meet (as the FTP run's stub does for its crowds).
    stub = DriverStub(STUB_PORT)
    try:
        # Phase 1, every server free to use both cores: memory on fresh servers, then the crowd.
        if "idle" in wanted:
            log(f"{IDLE_CONNECTIONS} idle keep-alive connections, each server freshly started, the driver's stub last")

            def fresh_idle(server):
                # A heap that already grew in a burst would absorb the connections and make them look free.
                server.stop()
                try:
                    server.start(ctx)
                except RuntimeError as error:  # recorded for this server; the others still run
                    raise Failure(str(error)) from None
                time.sleep(1)
                return webdav_metrics.idle(ctx, server, IDLE_CONNECTIONS)
            live = start_all(ctx, servers, recorder)
            interleaved(recorder, f"dav_idle_{IDLE_CONNECTIONS}", live + [stub], 1, fresh_idle)
        if "crowd" in wanted:
            log(f"{CROWD_CLIENTS} clients at once, {CROWD_GETS} GETs each, the driver's stub among the servers")
            if not live:
                live = start_all(ctx, servers, recorder)
            crowd_servers = live + (start_all(ctx, [stub], recorder) if stub.process is None else [stub])
            interleaved(recorder, f"dav_crowd_{CROWD_CLIENTS}", crowd_servers, crowd_reps,
                        lambda s: webdav_metrics.crowd(ctx, s, CROWD_CLIENTS, CROWD_GETS))
        for key in (f"dav_idle_{IDLE_CONNECTIONS}", f"dav_crowd_{CROWD_CLIENTS}"):
            runs = recorder.values.get(key, {}).get(stub.name, [])
            if runs:
                extras[f"stub_{key}"] = {"value": statistics.median(runs), "runs": runs, "how": stub.version(ctx)}
                recorder.write({"metric": f"stub_{key}", **extras[f"stub_{key}"]})
        stub.stop()
        for server in live:
            server.stop()

        # Phase 2, single streams: server restarted on CPU 1 (a runtime sizes itself by the CPUs it
        # sees at start), client on CPU 0, as the ceilings were measured; one warm-up pass each.
        plan = [("get", lambda s: webdav_metrics.transfer(ctx, s, tls=False, upload=False)),
                ("get_tls", lambda s: webdav_metrics.transfer(ctx, s, tls=True, upload=False)),
                ("put", lambda s: webdav_metrics.transfer(ctx, s, tls=False, upload=True)),
                ("put_tls", lambda s: webdav_metrics.transfer(ctx, s, tls=True, upload=True)),
                ("propfind", lambda s: webdav_metrics.propfind(ctx, s, named=True)),
                ("propfind_allprop", lambda s: webdav_metrics.propfind(ctx, s, named=False)),
                ("small", lambda s: webdav_metrics.small_gets(ctx, s))]
        if any(name in wanted for name, _ in plan):
            live = start_all(ctx, servers, recorder, cpus=ctx.server_cpus)
            for server in live:
                warm_up(ctx, server)
            first_upload = first_upload_row(plan, wanted)
            for name, measure in plan:
                if name in wanted:
                    log(name)
                    if name == first_upload:
                        untimed_round(live, measure)
                    interleaved(recorder, "dav_" + name, live, single_reps, measure)
                    for side, suffix, cpus in contended_cores(args.contended, ctx):
                        log(f"{name}, contended (a busy loop on CPU {cpus}, the {side}'s)")
                        with spread.Contention(cpus):
                            interleaved(recorder, "dav_" + name + suffix, live, single_reps, measure)
    finally:
        for server in servers + [stub]:
            server.stop()

    minutes = (time.monotonic() - started) / 60
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": ("sudo bench/run.sh " + " ".join(shown_arguments(sys.argv[3:]))).strip(),
        "minutes": round(minutes, 1),
        "versions": {s.name: s.version(ctx) for s in servers},
        "single_reps": single_reps,
        "crowd_reps": crowd_reps,
        "idle_connections": IDLE_CONNECTIONS,
        "crowd": (CROWD_CLIENTS, CROWD_GETS),
        "note": args.note,
        "ctx": ctx,
    }
    table = report.render_webdav(recorder, extras, info, servers)
    print(table)
    for line in report.webdav_ratios(recorder, servers):
        log(line)
    if not args.no_write:
        report.write_into(os.path.join(REPO, "docs/performance.md"), table, report.WEBDAV_BEGIN, report.WEBDAV_END)
        log("wrote the WebDAV block of docs/performance.md")
    log(f"done in {minutes:.1f} minutes; raw results in {ctx.run_dir}")
