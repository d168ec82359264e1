"""Turns the recorded runs into the markdown table of docs/performance.md."""
import statistics

import busyness
from spread import TIE_HIGH, TIE_LOW

BEGIN = "<!-- bench:begin (written by bench/run.sh; edits inside are overwritten) -->"
END = "<!-- bench:end -->"

# Ratios inside the tie band (spread.py) are called a tie: repetitions on these machines vary by 20-60%.

# The key suffixes of a single-stream row measured again with a busy loop on the client's core
# (--contended, --contended client) and on the server's (--contended server).
CONTENDED = "_contended"
SERVER_BUSY = "_server_busy"
# Each busy-core variant as (row key suffix, the side whose core is busy), in the order the tables show them.
BUSY_CORE_VARIANTS = ((CONTENDED, "client"), (SERVER_BUSY, "server"))
SINGLE_STREAM = ("retr", "retr_tls", "stor", "stor_tls", "small", "small_tls", "list")


def base_key(key):
    """The row a busy-core variant was measured for ("stor_server_busy" → "stor")."""
    for suffix, _ in BUSY_CORE_VARIANTS:
        if key.endswith(suffix):
            return key[:-len(suffix)]
    return key


def with_busy_core_variants(rows, single_stream):
    """The rows (key, label, unit, higher), then each busy-core variant of those in single_stream."""
    return rows + [(key + suffix, f"{label}, busy {side} core", unit, higher)
                   for suffix, side in BUSY_CORE_VARIANTS
                   for key, label, unit, higher in rows if key in single_stream]


# (key, label, unit, higher is better)
ROWS = [
    ("retr", "RETR 1 GiB, plain", "MB/s", True),
    ("retr_tls", "RETR 1 GiB, TLS (PROT P)", "MB/s", True),
    ("stor", "STOR 1 GiB, plain", "MB/s", True),
    ("stor_tls", "STOR 1 GiB, TLS (PROT P)", "MB/s", True),
    ("small", "2,000 × 4 KiB files, one session, PASV each", "files/s", True),
    ("small_tls", "20 × 4 KiB files over FTPS, one curl command, PASV each", "files/s", True),
    ("sessions_200", "200 clients at once: p99 session", "ms", False),
    ("sessions_2000", "2,000 clients at once: p99 session", "ms", False),
    ("idle_500", "memory per idle session, 500 sessions", "KiB PSS", False),
    ("idle_5000", "memory per idle session, 5,000 sessions", "KiB PSS", False),
    ("list", "LIST of 20,000 entries", "s", False),
]


def median(values):
    return statistics.median(values) if values else None


def fmt(value):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def cell(recorder, key, server):
    values = recorder.values.get(key, {}).get(server, [])
    failures = recorder.failures.get(key, {}).get(server, [])
    if not values:
        return "failed: " + failures[0][:60] if failures else "–"
    text = fmt(median(values))
    if len(values) > 1:
        text += f" ({fmt(min(values))}–{fmt(max(values))})"
    if key.startswith("sessions_"):
        details = recorder.details[key][server]
        total = median([d["total_s"] for d in details if d.get("total_s") is not None])
        failed = sum(d.get("failed") or 0 for d in details)
        text += f"; total {fmt(total)} s"
        if failed:
            text += f"; **{failed} sessions failed**"
    if failures:
        text += f"; **{len(failures)} run(s) failed**"
    return text


def ratio(recorder, key, higher, peers):
    """Ferry's median against the best peer's, as 'times better' (>1 means Ferry leads)."""
    ferry = median(recorder.values.get(key, {}).get("ferry", []))
    peer_medians = {p: median(recorder.values.get(key, {}).get(p, [])) for p in peers}
    peer_medians = {p: v for p, v in peer_medians.items() if v}
    if not ferry or not peer_medians:
        return None, None
    best = max(peer_medians, key=peer_medians.get) if higher else min(peer_medians, key=peer_medians.get)
    value = ferry / peer_medians[best] if higher else peer_medians[best] / ferry
    return value, best


def verdict(value):
    if value is None:
        return ""
    if value > TIE_HIGH:
        return "Ferry leads"
    if value < TIE_LOW:
        return "Ferry behind"
    return "tie"


def cpu_lines(recorder, rows, names):
    """The server's own CPU per repetition of each single-stream row: what the row's client cannot hide.
    Where the client is the bottleneck (curl on a 1 GiB transfer) every server ties on MB/s, and the
    server that spends less here is the one that keeps its rate when its own machine is busy."""
    measured = [(key, label) for key, label in rows
                if any(d.get("server_cpu_s") is not None for runs in recorder.details.get(key, {}).values() for d in runs)]
    if not measured:
        return []
    lines = ["", "Server CPU per repetition (median user + system seconds of the server and every process it forked, "
             "taken around each repetition; lower is better):", "",
             "| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key, label in measured:
        cells = []
        for name in names:
            spent = [d["server_cpu_s"] for d in recorder.details.get(key, {}).get(name, []) if d.get("server_cpu_s") is not None]
            cells.append(f"{median(spent):.2f}" if spent else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def busy_lines(recorder, info):
    """How busy the machine was: over the whole run, and for each row (busy loops of --contended included)."""
    lines = ["", f"Machine during the run: {busyness.describe(info['busy'])}."]
    if recorder.repeated:
        which = "; ".join(key + ": " + ", ".join(names) for key, names in recorder.repeated.items())
        lines.append(f"† a repetition lay outside the tie band around its median, so the row got one more round of repetitions ({which}).")
    if recorder.busy:
        lines += ["", "Machine during each row:", ""]
        lines += [f"- {key}: {busyness.describe(summary)}" for key, summary in recorder.busy.items()]
    return lines


def render(recorder, extras, info, servers):
    ctx = info["ctx"]
    names = [s.name for s in servers]
    peers = [n for n in names if n != "ferry"]
    out = [BEGIN, "", f"Measured {info['date']} on {info['machine']}; the run took {info['minutes']} minutes.", "",
           f"Command: `{info['command']}`", "",
           "Versions: " + ", ".join(v for v in info["versions"].values() if v) + ".", "",
           f"Each cell: median (min–max) of {info['single_reps']} interleaved repetitions for the transfer, file and LIST rows, "
           f"{info['crowd_reps']} for the crowds, 1 for memory. **Ratio** = Ferry against the best peer, as times better "
           f"(above 1 = Ferry leads); {TIE_LOW}–{TIE_HIGH} is declared a tie.", "",
           "| metric | " + " | ".join(names) + " | ratio (best peer) | |",
           "|---|" + "---|" * len(names) + "---|---|"]
    rows = with_busy_core_variants(ROWS, SINGLE_STREAM)
    for key, label, unit, higher in rows:
        if key not in recorder.values and key not in recorder.failures:
            continue
        value, best = ratio(recorder, key, higher, peers)
        ratio_text = f"{value:.2f}× ({best})" if value else "–"
        mark = " †" if key in recorder.repeated else ""
        out.append(f"| {label} ({unit}){mark} | " + " | ".join(cell(recorder, key, n) for n in names) + f" | {ratio_text} | {verdict(value)} |")
    out += cpu_lines(recorder, [(key, label) for key, label, _, _ in rows if base_key(key) in SINGLE_STREAM], names)
    out += busy_lines(recorder, info)
    out += ["", "Ferry alone:", ""]
    for key, label in (("idle_tls_5000", "memory per idle TLS session, 5,000 sessions"), ("idle_10000", "memory per idle session, 10,000 sessions")):
        if key in recorder.values or key in recorder.failures:
            out.append(f"- {label}: {cell(recorder, key, 'ferry')} KiB PSS"
                       + (f" ({recorder.details[key]['ferry'][0].get('note')})" if recorder.details.get(key, {}).get('ferry', [{}])[0].get('note') else ""))
    out += ["", "Ceilings (the same machine, the same minute):", ""]
    for key, label, unit in (("ceiling_sendfile", "sendfile copy over loopback, pinned like RETR", "MB/s"),
                             ("ceiling_plain", "plain socket copy over loopback, pinned", "MB/s"),
                             ("aes_gcm", "AES-128-GCM on one core (16 KiB records)", "MB/s"),
                             ("stub_small", "the driver against its do-nothing stub: small files", "files/s"),
                             ("stub_sessions_200", "the driver against the stub, in the crowd rows' rounds: 200 clients, p99", "ms"),
                             ("stub_sessions_2000", "the driver against the stub, in the crowd rows' rounds: 2,000 clients, p99", "ms")):
        if key in extras:
            out.append(f"- {label}: {fmt(extras[key]['value'])} {unit}")
    costs = info["hash_costs"]
    out += ["", "Stated settings:", "",
            f"- Password hash: the peers check the system account's SHA-512 crypt (5,000 rounds, {costs['sha512_crypt_ms']} ms a logon here). "
            f"Ferry ran its defaults: PBKDF2-SHA256 at {ctx.pbkdf2_iterations:,} iterations ({costs['pbkdf2_ms']:.0f} ms here) behind its verified-logon "
            "cache (Security:LogonCacheSeconds=600), so the first logon of the account costs one slow hash and later ones an HMAC; "
            "Security:MaxConcurrentHashes at its default (half the cores).",
            "- fsync: none of the peers fsyncs an upload; Ferry ran with Storage:FlushOnCommit=false to match (its default is true).",
            f"- TLS: one ECDSA P-256 certificate for all; the client (curl) offers only TLS {ctx.tls_version} with "
            f"{ctx.tls13_suite if ctx.tls_version == '1.3' else ctx.tls12_cipher}; TLS offered, not required; session reuse not required.",
            "- Passive ranges of 2,000 ports each (Ferry's default size), below the ephemeral range. Transfer logs off everywhere; Ferry logs at Warning, its WebDAV and admin endpoints off (the peers serve FTP only).",
            f"- Single streams: every server restarted under `taskset -c {ctx.server_cpus}`, the client on CPU {ctx.client_cpus}, and one untimed warm-up pass "
            "(small files, a plain and a TLS RETR, a LIST) before the repetitions. Crowds and memory: unpinned, memory on freshly started servers.",
            "- Every server runs in a session of its own (`setsid`), as a service manager would start it, the busy loop of `--contended` in "
            "another, the clients in the benchmark's: Linux's scheduler groups tasks by session, and a server that shared the client's "
            "group took the client's share of its CPU.",
            ""]
    out += targets(recorder, extras, peers, servers)
    out.append(END)
    return "\n".join(out)


def targets(recorder, extras, peers, servers):
    lines = ["Targets (issue 3), judged from this run:", ""]

    def med(key, name="ferry"):
        return median(recorder.values.get(key, {}).get(name, []))

    def check(label, ok, detail):
        mark = "met" if ok else ("not measured" if ok is None else "**missed**")
        lines.append(f"- {label}: {mark} ({detail})")

    for key, label in (("retr", "RETR plain"), ("stor", "STOR plain"), ("retr_tls", "RETR TLS"), ("stor_tls", "STOR TLS")):
        value, best = ratio(recorder, key, True, peers)
        check(f"{label} ≥ 1.0× best peer", None if value is None else value >= 1.0, f"{value:.2f}× {best}" if value else "–")
    # The sendfile copy between two Python processes is a lower bound of the ceiling (curl receives
    # faster than its reader), so the best RETR any server reached counts as the ceiling when higher.
    measured = extras.get("ceiling_sendfile", {}).get("value")
    best_retr = max([med("retr", n) for n in recorder.values.get("retr", {}) if med("retr", n)] or [0])
    sendfile = max(measured or 0, best_retr) or None
    retr = med("retr")
    check("RETR plain ≥ 85% of the sendfile ceiling", None if not (sendfile and retr) else retr >= 0.85 * sendfile,
          f"{retr / sendfile:.0%} of {fmt(sendfile)} MB/s, the higher of the measured copy and the best RETR" if sendfile and retr else "–")
    value, best = ratio(recorder, "small", True, peers)
    stub = extras.get("stub_small", {}).get("value")
    best_small = med("small", best) if best else None
    check("small files ≥ 1.5× best peer", None if value is None else value >= 1.5, f"{value:.2f}× {best}" if value else "–")
    check("driver ceiling ≥ 3× best peer", None if not (stub and best_small) else stub >= 3 * best_small,
          f"{stub / best_small:.1f}×" if stub and best_small else "–")
    forked = [s.name for s in servers if s.kind == "process per session" and s.name in peers]
    for clients in (200, 2000):
        key = f"sessions_{clients}"
        ferry_details = recorder.details.get(key, {}).get("ferry", [])
        failed = sum(d.get("failed") or 0 for d in ferry_details) + len(recorder.failures.get(key, {}).get("ferry", []))
        p99 = med(key)
        # The p99 of all sessions: when more than 1% of a peer's sessions failed, its p99 session
        # never completed, so it has no finite p99 (the table's cells show its completed ones).
        def dropped(p):
            return sum(d.get("failed") or 0 for d in recorder.details.get(key, {}).get(p, []))
        runs = {p: len(recorder.details.get(key, {}).get(p, [])) for p in forked}
        finite = {p: med(key, p) for p in forked if med(key, p) and dropped(p) <= 0.01 * clients * max(runs[p], 1)}
        failing = [p for p in forked if p not in finite and med(key, p)]
        best_peer = min(finite, key=finite.get) if finite else None
        check(f"{clients} clients: all complete", None if not ferry_details else failed == 0, f"{failed} failed")
        if best_peer:
            verdict_ok = None if not p99 else p99 <= finite[best_peer] / 2
            detail = f"{fmt(p99)} ms vs {best_peer}'s {fmt(finite[best_peer])} ms"
        else:
            verdict_ok = None if not (p99 and failing) else failed == 0
            detail = f"{fmt(p99)} ms; every process-per-session peer dropped more than 1% of its sessions ({', '.join(f'{p} {dropped(p)}' for p in failing)}), so none has a finite p99"
        check(f"{clients} clients: p99 ≤ half the best process-per-session peer's", verdict_ok, detail)
        if clients == 2000:
            stub_p99 = med(key, "stub")
            # Issue 11: within 1.5× of the driver against its do-nothing stub, which takes its turn in
            # the same rounds (compare.py), so both meet the same machine.
            check("2,000 clients: p99 ≤ 1.5× the driver against its stub (issue 11)", None if not (p99 and stub_p99) else p99 <= 1.5 * stub_p99,
                  f"{p99 / stub_p99:.2f}×: {fmt(p99)} ms vs {fmt(stub_p99)} ms" if p99 and stub_p99 else "–")
    idle = med("idle_5000")
    check("idle plain session ≤ 16 KiB at 5,000", None if idle is None else idle <= 16, f"{fmt(idle)} KiB")
    idle_tls = med("idle_tls_5000")
    check("idle TLS session ≤ 64 KiB at 5,000", None if idle_tls is None else idle_tls <= 64, f"{fmt(idle_tls)} KiB")
    ten = recorder.details.get("idle_10000", {}).get("ferry", [])
    ten_failed = recorder.failures.get("idle_10000", {}).get("ferry", [])
    check("10,000 idle sessions without errors", None if not (ten or ten_failed) else (not ten_failed and not any(d.get("failures") for d in ten)),
          "ran" if ten else "–")
    lst, vs = med("list"), med("list", "vsftpd")
    check("LIST 20,000 no slower than vsftpd", None if not (lst and vs) else lst <= vs * TIE_HIGH, f"{fmt(lst)} s vs {fmt(vs)} s")
    for key, label in (("retr_tls", "FTPS RETR"), ("stor_tls", "FTPS STOR")):
        f, v = med(key), med(key, "vsftpd")
        check(f"{label} ≥ 3× vsftpd's", None if not (f and v) else f >= 3 * v, f"{f / v:.1f}×" if f and v else "–")
    lines.append("")
    return lines


def write_into(path, table, begin=BEGIN, end=END):
    """Replaces the generated block of docs/performance.md and keeps the prose around it."""
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        text = "# Performance\n\n" + BEGIN + "\n" + END + "\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = head + table + tail
    else:
        text = text.rstrip() + "\n\n" + table + "\n"
    with open(path, "w") as f:
        f.write(text)


# ---- WebDAV (bench/webdav_bench.py): a block of its own, so either run leaves the other's alone ----

WEBDAV_BEGIN = "<!-- bench:webdav:begin (written by bench/run.sh --webdav; edits inside are overwritten) -->"
WEBDAV_END = "<!-- bench:webdav:end -->"

# (key, label, unit, higher is better, what limits it)
# The WebDAV rows one client measures on a pinned server (the crowd and the idle connections are unpinned).
WEBDAV_SINGLE_STREAM = ("dav_get", "dav_get_tls", "dav_put", "dav_put_tls", "dav_propfind", "dav_propfind_allprop", "dav_small")

WEBDAV_ROWS = [
    ("dav_get", "GET 1 GiB, HTTP", "MB/s", True,
     "a copy from the page cache into loopback TCP and curl's reading of it (compare the sendfile ceiling below); the "
     "peers send with sendfile; Ferry sends a client on this machine (curl here) a copy read into Kestrel's buffers "
     "(Performance:CopyToLocalClients: over loopback the client's copy out of sendfile's untouched pages cost more than "
     "one the server had just made), and other clients its own output with a local file's bytes put on the wire by the kernel"),
    ("dav_get_tls", "GET 1 GiB, HTTPS", "MB/s", True,
     "AES-128-GCM and a user-space copy on the server's one core (no kernel TLS anywhere: OpenSSL for the peers, "
     "SslStream over OpenSSL for Ferry, fed 1 MiB writes so that its records are full 16 KiB ones), then curl's decryption on the other (compare the AES ceiling)"),
    ("dav_put", "PUT 1 GiB, HTTP", "MB/s", True,
     "reading from the socket and writing 1 GiB into the page cache (Ferry: from Kestrel's receive blocks (64 KiB while few connections move data), "
     "gathered into one pwritev per 512 KiB or more (over HTTPS in aligned 128 KiB writes) on the thread that received them, into a file beside the target, renamed when whole; lighttpd reads 256 KiB and writes it with one pwritev into a temporary file beside the target too, nginx buffers the body in a temporary file first); "
     "on this VM the page-cache copy costs 0.2-0.5 s or 1.4-2.2 s of system time per GiB depending on whether the freed memory it reuses was already handed back to the host (free page reporting), for every server, which makes it the noisiest row"),
    ("dav_put_tls", "PUT 1 GiB, HTTPS", "MB/s", True,
     "the server's decryption on one core, then the same page-cache write as PUT over HTTP"),
    ("dav_propfind", "PROPFIND Depth 1, 20,000 entries, 5 named properties", "s", False,
     "a stat per entry and 2-6 MB of XML written; the ETag and the content type per file"),
    ("dav_propfind_allprop", "PROPFIND Depth 1, 20,000 entries, allprop", "s", False,
     "as above plus every live property, and for servers with dead-property storage a look-up per entry "
     "(lighttpd asks SQLite 20,000 times)"),
    ("dav_small", "2,000 GETs of 4 KiB, one keep-alive connection", "files/s", True,
     "one request-response round trip each: parsing, Basic authentication per request (the peers hash "
     "{SHA}; Ferry checks once per connection), open/stat/read/send/close (Ferry: one open whose fstat gives the "
     "validators); curl is half the CPU; Ferry runs a small GET on the socket thread that received it "
     "(Performance:RunOnSocketThreads) and spends the rest in Kestrel's request path"),
    ("dav_crowd_200", "200 clients at once, 5 GETs each: p99 client", "ms", False,
     "200 connects and accepts at once on 2 cores shared with the driver: every client ends near the end of the "
     "burst, so the p99 is the time to serve all of it: each server's CPU per connection and request. For Ferry that is "
     "Kestrel's: its accept, its start of each connection as a pool work item, its parsing and shutdown (Ferry's own "
     "sign-in is about 12 µs of a connection; Kestrel alone, answering from memory, spends as much CPU per burst); "
     "a .NET server that keeps nothing but the socket reaches lighttpd (the stub in the ceilings). For Apache, "
     "processes and threads it starts on demand"),
    ("dav_idle_1000", "memory per idle keep-alive connection, 1,000 connections", "KiB PSS", False,
     "what a server keeps per connection between requests: nginx and lighttpd a small struct and no buffer, Apache "
     "the processes (64 threads each) it spawns to hold them, Ferry: Kestrel's connection, parser and pooled HTTP "
     "context (about 8 KiB on its own, native), Ferry's connection layers (the session slot, the kernel-send pipe) "
     "and the signed-in session. The runtime's own floor, a socket and one wait, is the stub's figure in the "
     "ceilings: above nginx's for any .NET server"),
]


def webdav_cell(recorder, key, server):
    values = recorder.values.get(key, {}).get(server, [])
    failures = recorder.failures.get(key, {}).get(server, [])
    if not values:
        return "FAIL: " + failures[0][:70].replace("|", "/") if failures else "–"
    text = fmt(median(values))
    if len(values) > 1:
        text += f" ({fmt(min(values))}–{fmt(max(values))})"
    if key.startswith("dav_crowd_"):
        details = recorder.details[key][server]
        p50 = median([d["p50_ms"] for d in details if d.get("p50_ms") is not None])
        total = median([d["total_s"] for d in details if d.get("total_s") is not None])
        failed = sum(d.get("failed") or 0 for d in details)
        text += f"; p50 {fmt(p50)} ms; total {fmt(total)} s; " + (f"**{failed} clients failed**" if failed else "0 failed")
    if failures:
        text += f"; **{len(failures)} run(s) FAIL**"
    return text


def webdav_table_rows():
    """The WebDAV rows as (key, label, unit, higher): each row, then the busy-core variants of the single streams."""
    return with_busy_core_variants([(key, label, unit, higher) for key, label, unit, higher, _ in WEBDAV_ROWS], WEBDAV_SINGLE_STREAM)


def webdav_ratios(recorder, servers):
    """One line per row: Ferry against the best peer, as the FTP table's ratio column."""
    peers = [s.name for s in servers if s.name != "ferry"]
    lines = []
    base = {key for key, *_ in WEBDAV_ROWS}
    for key, label, unit, higher in webdav_table_rows():
        if key not in base and key not in recorder.values and key not in recorder.failures:
            continue
        value, best = ratio(recorder, key, higher, peers)
        ferry_failed = recorder.failures.get(key, {}).get("ferry")
        shown = f"{value:.2f}x ({best})" if value else ("Ferry FAIL" if ferry_failed else "–")
        lines.append(f"ratio {label}: {shown} {verdict(value)}".rstrip())
    return lines


def render_webdav(recorder, extras, info, servers):
    ctx = info["ctx"]
    names = [s.name for s in servers]
    peers = [n for n in names if n != "ferry"]
    clients, gets = info["crowd"]
    out = [WEBDAV_BEGIN, "", f"Measured {info['date']} on {info['machine']}; the run took {info['minutes']} minutes.", ""]
    if info.get("note"):
        out += [f"**{info['note']}**", ""]
    out += [f"Command: `{info['command']}`", "",
            "Versions: " + ", ".join(v for v in info["versions"].values() if v) + ".", "",
            f"Each cell: median (min–max) of {info['single_reps']} interleaved repetitions for the transfer, PROPFIND and "
            f"small-GET rows, {info['crowd_reps']} for the crowd, 1 for memory; FAIL = a check failed (status, bytes, the file on "
            f"disk, the PROPFIND response count, one connection) and the first reason. **Ratio** = Ferry against the best peer, "
            f"as times better (above 1 = Ferry leads); {TIE_LOW}–{TIE_HIGH} is declared a tie.", "",
            "| metric | " + " | ".join(names) + " | ratio (best peer) | |",
            "|---|" + "---|" * len(names) + "---|---|"]
    rows = webdav_table_rows()
    for key, label, unit, higher in rows:
        if key not in recorder.values and key not in recorder.failures:
            continue
        value, best = ratio(recorder, key, higher, peers)
        ratio_text = f"{value:.2f}× ({best})" if value else "–"
        out.append(f"| {label} ({unit}) | " + " | ".join(webdav_cell(recorder, key, n) for n in names) + f" | {ratio_text} | {verdict(value)} |")
    out += cpu_lines(recorder, [(key, label) for key, label, _, _ in rows if base_key(key) in WEBDAV_SINGLE_STREAM], names)
    starts = recorder.failures.get("start", {})
    if starts:
        out += [""] + [f"- {name} did not start: {reasons[0][:120]}" for name, reasons in starts.items()]
    out += ["", "What limits each row:", ""]
    for key, label, _, _, limit in WEBDAV_ROWS:
        if key in recorder.values or key in recorder.failures:
            out.append(f"- {label}: {limit}.")
    ceilings = [(k, label, unit) for k, label, unit in (("ceiling_sendfile", "sendfile copy over loopback, pinned like GET", "MB/s"),
                                                         ("ceiling_plain", "plain socket copy over loopback, pinned", "MB/s"),
                                                         ("aes_gcm", "AES-128-GCM on one core (16 KiB records)", "MB/s")) if k in extras]
    ceilings += [(k, label, unit) for k, label, unit in (
        (f"stub_dav_crowd_{clients}", f"the driver against its do-nothing HTTP server, in the crowd row's rounds: {clients} clients, p99", "ms"),
        (f"stub_dav_idle_{info['idle_connections']}", "the same server: memory per idle keep-alive connection, "
         f"{info['idle_connections']:,} connections", "KiB PSS")) if k in extras]
    if ceilings:
        out += ["", "Ceilings (the same machine, the same minute):", ""]
        out += [f"- {label}: {fmt(extras[k]['value'])} {unit}" for k, label, unit in ceilings]
    stub_how = next((extras[k]["how"] for k in extras if k.startswith("stub_dav_") and extras[k].get("how")), None)
    if stub_how:
        out += ["", f"The do-nothing HTTP server is {stub_how}: it answers every GET with 4 KiB from memory and keeps per "
                "connection only its socket and one wait, no buffer, between requests, so its two figures are the floor "
                "for a .NET server on this machine, where the crowd's clients share the cores with the servers"
                + (" (under the JIT its memory figure also holds code being compiled, so only its crowd figure is a floor)."
                   if "JIT" in stub_how else ".")]
    out += ["", "Stated settings:", "",
            f"- Account: Basic authentication on every request. The peers check a `{{SHA}}` htpasswd entry (one SHA-1) per "
            f"request; Ferry checks its PBKDF2-SHA256 hash ({ctx.pbkdf2_iterations:,} iterations) once per connection, behind its "
            "verified-logon cache.",
            "- Every server: the same tree (/srv/ferry-bench), keep-alive for 120 s without a request limit, no access log, no "
            "request-body limit, sendfile where it has it; the peers run as the tree's owner. Ferry: Storage:FlushOnCommit=false "
            "(none of the peers fsyncs a PUT); its FTP side is on, idle.",
            f"- TLS: one ECDSA P-256 certificate for all (Ferry's TLS certificate setting); curl offers only TLS {ctx.tls_version} with "
            f"{ctx.tls13_suite if ctx.tls_version == '1.3' else ctx.tls12_cipher}.",
            f"- Single streams (GET, PUT, PROPFIND, small GETs): curl on CPU {ctx.client_cpus}, every server restarted under "
            f"`taskset -c {ctx.server_cpus}` with one untimed warm-up pass (small GETs, a GET over HTTP and HTTPS, a PROPFIND). "
            f"A PUT goes to a new file, checked on disk (size, first and last MiB), then removed and `sync`ed untimed. "
            "Every server runs in a session of its own (`setsid`), as a service manager would start it; curl in the benchmark's.",
            f"- Crowd: {clients} clients of the C# driver at once, each connecting and making {gets} GETs of 4 KiB files on one "
            f"keep-alive connection (status and size checked); time from connect to last byte. Memory: "
            f"{info['idle_connections']:,} connections on a freshly started server, each idle after one checked GET; PSS of the "
            "whole process tree (`/proc/PID/smaps_rollup`) in steady state, minus the figure before. Both unpinned.",
            "- PROPFIND: Depth 1 of a folder of 20,000 empty files; 207 and 20,001 `DAV:response` elements checked; seconds to "
            "the last byte (curl's `time_total`).",
            ""]
    out.append(WEBDAV_END)
    return "\n".join(out)
