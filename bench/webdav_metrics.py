"""One function per WebDAV measurement. Each returns one number (and details) for one server, or
raises Failure: every figure is checked first (status, bytes moved, the file on disk, the number of
PROPFIND responses, the connections used). Single streams use curl, a C client; the crowd and the
idle connections use the C# driver's http-crowd and http-idle (bench/Ferry.Bench).
"""
import os
import subprocess
import time
import xml.etree.ElementTree as ElementTree

from metrics import GiB, Failure, curl_tls_args, driver

PROPFIND_FOLDER = "dir20k"
PROPFIND_ENTRIES = 20000
SMALL_FILES = 2000
SMALL_SIZE = 4096

# What a client that shows a folder asks for (Explorer, Finder and davfs2 ask for about these):
# every server answers it from the file system, without dead-property storage.
NAMED_PROPERTIES = ('<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>'
                    '<D:resourcetype/><D:getcontentlength/><D:getlastmodified/><D:getetag/><D:getcontenttype/>'
                    '</D:prop></D:propfind>')


def curl(ctx, extra, timeout):
    """curl on the client CPUs with the account; -s with -S so a failure says why; bounded by --max-time."""
    command = ["taskset", "-c", ctx.client_cpus, "curl", "-sS", "--max-time", str(timeout),
               "-u", f"{ctx.user}:{ctx.password}"] + extra
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout + 30)


def fields(out, count):
    values = out.stdout.split()
    if out.returncode != 0 or len(values) != count:
        raise Failure(f"curl exit {out.returncode}: {out.stderr.strip()[:200] or out.stdout.strip()[:200]}")
    return values


def same_ends(a, b, length=1 << 20):
    """The first and last MiB of two files agree: catches a truncated, padded or shifted upload
    without hashing 1 GiB on every repetition."""
    with open(a, "rb") as x, open(b, "rb") as y:
        if x.read(length) != y.read(length):
            return False
        x.seek(-length, os.SEEK_END)
        y.seek(-length, os.SEEK_END)
        return x.read(length) == y.read(length)


def transfer(ctx, server, tls, upload):
    """GET or PUT of the 1 GiB file; MB/s over the transfer alone (time_total - time_pretransfer)."""
    args = ["-w", "%{http_code} %{size_download} %{size_upload} %{time_total} %{time_pretransfer}"]
    if tls:
        args += curl_tls_args(ctx)
    target = os.path.join(ctx.data_dir, "upload", f"dav-{server.name}.bin")
    if upload:
        if os.path.exists(target):
            os.remove(target)
        # No "Expect: 100-continue": a server that never sends 100 would cost curl a 1 s wait.
        args += ["-T", ctx.big_file, "-H", "Expect:", "-o", "/dev/null", server.url(f"upload/dav-{server.name}.bin", tls)]
    else:
        args += ["-o", "/dev/null", server.url("big1g.bin", tls)]
    try:
        status, down, up, total, pretransfer = fields(curl(ctx, args, 120), 5)
        moved = int(float(up if upload else down))
        expected = ("200", "201", "204") if upload else ("200",)
        if status not in expected:
            raise Failure(f"status {status}, expected {' or '.join(expected)}")
        if moved != GiB:
            raise Failure(f"moved {moved} bytes, expected {GiB}")
        if upload:
            on_disk = os.path.getsize(target) if os.path.exists(target) else -1
            if on_disk != GiB:
                raise Failure(f"{on_disk} bytes on disk after the PUT, expected {GiB}")
            if not same_ends(target, ctx.big_file):
                raise Failure("the uploaded file differs from the source")
        seconds = float(total) - float(pretransfer)
        return GiB / seconds / 1e6, {"status": int(status), "seconds": round(seconds, 3)}
    finally:
        if upload:
            if os.path.exists(target):
                os.remove(target)
            subprocess.run(["sync"], timeout=120)  # this upload's write-back must not slow the next one


def count_responses(path):
    """The {DAV:}response elements of a multistatus body, streamed (the body is 2-15 MB)."""
    count = 0
    for _, element in ElementTree.iterparse(path):
        if element.tag == "{DAV:}response":
            count += 1
            element.clear()
    return count


def propfind(ctx, server, named):
    """PROPFIND Depth 1 of the 20,000-entry folder; seconds to the last byte; 207 and 20,001 responses checked."""
    body = os.path.join(ctx.run_dir, f"propfind-{server.name}.xml")
    args = ["-X", "PROPFIND", "-H", "Depth: 1", "-o", body, "-w", "%{http_code} %{size_download} %{time_total}"]
    if named:
        args += ["-H", "Content-Type: application/xml; charset=utf-8", "--data-binary", NAMED_PROPERTIES]
    try:
        status, size, total = fields(curl(ctx, args + [server.url(PROPFIND_FOLDER + "/")], 60), 3)
        if status != "207":
            raise Failure(f"status {status}, expected 207")
        try:
            responses = count_responses(body)
        except ElementTree.ParseError as error:
            raise Failure(f"the 207 body is not XML: {error}") from None
        if responses != PROPFIND_ENTRIES + 1:
            raise Failure(f"{responses} responses, expected {PROPFIND_ENTRIES + 1} (the folder and its entries)")
        return float(total), {"bytes": int(float(size)), "responses": responses}
    finally:
        if os.path.exists(body):
            os.remove(body)


def small_gets(ctx, server):
    """2,000 GETs of 4 KiB files in one curl process (a URL glob), which keeps one connection alive:
    files/s over the wall time of the process. Every status, the bytes and the connections counted."""
    glob = server.url(f"small/f[00000-{SMALL_FILES - 1:05d}]")
    started = time.perf_counter()
    out = curl(ctx, ["-o", "/dev/null", "-w", "%{http_code} %{num_connects} %{size_download}\\n", glob], 120)
    seconds = time.perf_counter() - started
    lines = [line.split() for line in out.stdout.splitlines() if line.strip()]
    if out.returncode != 0 or len(lines) != SMALL_FILES or any(len(line) != 3 for line in lines):
        raise Failure(f"curl exit {out.returncode}, {len(lines)} answers of {SMALL_FILES}: {out.stderr.strip()[:200]}")
    ok = sum(1 for line in lines if line[0] == "200")
    connects = sum(int(line[1]) for line in lines)
    moved = sum(int(line[2]) for line in lines)
    if ok != SMALL_FILES:
        others = sorted({line[0] for line in lines if line[0] != "200"})
        raise Failure(f"{SMALL_FILES - ok} of {SMALL_FILES} answers were not 200 (status {', '.join(others)})")
    if moved != SMALL_FILES * SMALL_SIZE:
        raise Failure(f"{moved} bytes, expected {SMALL_FILES * SMALL_SIZE}")
    if connects != 1:
        raise Failure(f"{connects} connections for {SMALL_FILES} GETs: the server did not keep one alive")
    return SMALL_FILES / seconds, {"connects": connects}


def driver_args(ctx, server, tls=False):
    args = ["--host", "127.0.0.1", "--port", str(server.tls_port if tls else server.port), "--user", ctx.user,
            "--pass", ctx.password, "--label", server.name]
    return args + (["--tls"] if tls else [])


def crowd(ctx, server, clients, gets):
    """N clients at once, each GETs a few 4 KiB files on one keep-alive connection: p99 client time."""
    result = driver(ctx, ["http-crowd"] + driver_args(ctx, server) +
                    ["--clients", str(clients), "--gets", str(gets), "--dir", "small", "--files", str(SMALL_FILES),
                     "--size", str(SMALL_SIZE), "--client-timeout", "30", "--timeout", "90"], timeout=150)[-1]
    details = {"total_s": result["value"], "p50_ms": result.get("p50_ms"), "p99_ms": result.get("p99_ms"),
               "completed": result.get("completed"), "failed": result.get("failures"), "errors": result.get("errors")}
    if not result.get("completed"):
        raise Failure(f"no client completed: {result.get('errors')}")
    return result["p99_ms"], details


def idle(ctx, server, connections):
    """KiB of the server's process-tree PSS per idle keep-alive connection (each after one checked GET)."""
    result = driver(ctx, ["http-idle"] + driver_args(ctx, server) +
                    ["--connections", str(connections), "--server-pid", str(server.pid), "--path", "/small/f00000",
                     # opened 50 at a time: this row measures memory, not how a server copes with a burst
                     "--connect-concurrency", "50",
                     "--size", str(SMALL_SIZE), "--timeout", "240"], timeout=300)[-1]
    details = {k: result.get(k) for k in ("failures", "closed_by_server", "procs_before", "procs_after",
                                          "pss_before_kib", "pss_after_kib", "errors")}
    if result.get("failures"):
        raise Failure(f"{result['failures']} of {connections} connections failed: {result.get('errors')}")
    return result["value"], details
