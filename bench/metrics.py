"""One function per measurement. Each returns one number (and details) for one server, or raises
Failure. Single-stream transfers use curl, a C client; the many-file and many-client figures use
the C# driver in bench/Ferry.Bench, whose own ceiling (against its stub server) is measured too.
"""
import json
import os
import subprocess

GiB = 1 << 30


class Failure(Exception):
    pass


def curl_tls_args(ctx):
    # The same TLS version and suite for every server: the client offers only this one.
    if ctx.tls_version == "1.3":
        return ["--ssl-reqd", "-k", "--tlsv1.3", "--tls-max", "1.3", "--tls13-ciphers", ctx.tls13_suite]
    return ["--ssl-reqd", "-k", "--tlsv1.2", "--tls-max", "1.2", "--ciphers", ctx.tls12_cipher]


def url(server, path):
    return f"ftp://127.0.0.1:{server.port}/{path}"


def run_curl(ctx, write_out, args):
    """curl pinned to the client CPUs with the account, bounded by --max-time; what -w wrote, or Failure."""
    command = ["taskset", "-c", ctx.client_cpus, "curl", "-s", "--fail", "--max-time", "120",
               "-u", f"{ctx.user}:{ctx.password}", "-w", write_out] + args
    out = subprocess.run(command, capture_output=True, text=True, timeout=130)
    if out.returncode != 0:
        raise Failure(f"curl exit {out.returncode}: {out.stderr.strip()[:200]}")
    return out.stdout


def curl_transfer(ctx, server, tls, upload):
    """1 GiB RETR or STOR with curl pinned to the client CPUs; MB/s over the transfer alone."""
    args = curl_tls_args(ctx) if tls else []
    if upload:
        target = f"upload/up-{server.name}.bin"
        args += ["-T", ctx.big_file, url(server, target)]
    else:
        args += ["-o", "/dev/null", url(server, "big1g.bin")]
    written = run_curl(ctx, "%{size_download} %{size_upload} %{time_total} %{time_pretransfer}", args)
    down, up, total, pretransfer = written.split()
    size = float(up if upload else down)
    if int(size) != GiB:
        raise Failure(f"moved {int(size)} bytes, expected {GiB}")
    seconds = float(total) - float(pretransfer)
    if upload:
        os.remove(os.path.join(ctx.data_dir, target))
        subprocess.run(["sync"], timeout=120)  # write-back of this upload must not slow the next one
    return size / seconds / 1e6, {}


# The rows that upload, by their plan name in either benchmark (FTP and WebDAV).
UPLOAD_ROWS = ("stor", "stor_tls", "put", "put_tls")


def driver(ctx, args, cpus=None, timeout=300):
    command = ["dotnet", ctx.driver] + args
    if cpus:
        command = ["taskset", "-c", cpus] + command
    out = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise Failure(f"driver exit {out.returncode}: {out.stderr.strip()[-300:]}")
    return lines


def login_args(ctx, server):
    return ["--host", "127.0.0.1", "--port", str(server.port), "--user", ctx.user, "--pass", ctx.password,
            "--label", server.name]


def small_files(ctx, server):
    result = driver(ctx, ["small"] + login_args(ctx, server) + ["--dir", "small", "--count", "2000"],
                    cpus=ctx.client_cpus)[-1]
    if result.get("failures", 0):
        raise Failure(f"{result['failures']} of 2000 files failed")
    return result["value"], {}


# Files per curl command in the FTPS small-file row: enough that the per-file cost dominates the one
# logon, few enough that a server that keeps curl 7.x waiting 200 ms per file finishes in seconds.
SMALL_TLS_FILES = 20
SMALL_TLS_SIZE = 4096


def small_files_tls(ctx, server):
    """SMALL_TLS_FILES of the 4 KiB files over FTPS in one curl command (one session; PASV, RETR and
    a TLS handshake per file), files/s over all files but the first (which also pays the connection and
    logon). curl before 8.0, Debian 12's 7.88 here, sends each data connection's TLS hello before RETR
    and waits up to 200 ms for the answer before it sends the command: the row shows what a server that
    answers only after the command costs such a client."""
    args = curl_tls_args(ctx)
    for i in range(SMALL_TLS_FILES):
        args += [url(server, f"small/f{i:05d}"), "-o", "/dev/null"]
    written = run_curl(ctx, "%{size_download} %{time_total}\n", args)
    return per_file_rate(written, SMALL_TLS_FILES, SMALL_TLS_SIZE), {}


def per_file_rate(curl_output, count, size):
    """Files/s from curl's per-transfer "size time_total" lines, the first transfer left out; a missing
    or short file fails the measurement."""
    lines = [line.split() for line in curl_output.splitlines() if line.strip()]
    if len(lines) != count:
        raise Failure(f"curl reported {len(lines)} transfers of {count}")
    short = [i for i, (got, _) in enumerate(lines) if int(float(got)) != size]
    if short:
        raise Failure(f"file {short[0]} moved {int(float(lines[short[0]][0]))} bytes, expected {size}")
    seconds = sum(float(total) for _, total in lines[1:])
    return (count - 1) / seconds


def list_20k(ctx, server, verb="LIST"):
    """The 20,000-entry folder listed with LIST (ls -l lines), NLST (names) or MLSD (RFC 3659 facts), in
    seconds; a listing short of lines fails."""
    result = driver(ctx, ["list"] + login_args(ctx, server) + ["--dir", "dir20k", "--verb", verb],
                    cpus=ctx.client_cpus)[-1]
    lines = result.get("lines", 20000)
    if lines < 20000:
        raise Failure(f"{verb} listing had {lines} lines of 20000")
    return result["value"], {}


def sessions(ctx, server, clients):
    result = driver(ctx, ["sessions"] + login_args(ctx, server) + ["--clients", str(clients), "--timeout", "90"],
                    timeout=150)[-1]
    details = {"total_s": result["value"], "p50_ms": result.get("p50_ms"), "p99_ms": result.get("p99_ms"),
               "completed": result.get("completed"), "failed": result.get("failures"), "errors": result.get("errors")}
    if not result.get("completed"):
        raise Failure(f"no session completed: {result.get('errors')}")
    return result["p99_ms"], details


def idle(ctx, server, count, tls=False):
    args = ["idle"] + login_args(ctx, server) + ["--sessions", str(count), "--server-pid", str(server.pid), "--timeout", "240"]
    if tls:
        args.append("--tls")
    result = driver(ctx, args, timeout=300)[-1]
    details = {k: result.get(k) for k in ("failures", "procs_before", "procs_after", "pss_before_kib", "pss_after_kib", "errors")}
    if result.get("failures", 0):
        details["note"] = f"{result['failures']} of {count} sessions failed"
    return result["value"], details
