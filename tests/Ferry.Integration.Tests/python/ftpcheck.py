"""Shared plumbing for the ftplib checks: arguments, login, one printed line per check, stop at the first failure."""

import argparse
import ftplib
import os
import random
import sys

# Every socket operation is bounded: a hung server fails the check instead of hanging the test run.
SOCKET_TIMEOUT_SECONDS = 20


def parse_args(description, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", required=True, help="127.0.0.1 or ::1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--root", required=True, help="the folder the server serves as /, to check what arrived on disk")
    parser.add_argument("--active", action="store_true", help="PORT/EPRT instead of PASV/EPSV")
    if extra:
        extra(parser)
    return parser.parse_args()


def ok(name):
    print("ok:", name, flush=True)


def fail(name, detail):
    print("FAIL:", name, "--", detail, flush=True)
    sys.exit(1)


def check(condition, name, detail=""):
    if not condition:
        fail(name, detail)
    ok(name)


def connect(args, login=True):
    ftp = ftplib.FTP(timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    if login:
        ftp.login(args.user, args.password)
    ftp.set_pasv(not args.active)
    return ftp


def mode_name(args):
    family = "IPv6" if ":" in args.host else "IPv4"
    return f"{family} {'active' if args.active else 'passive'}"


def random_bytes(length, seed):
    return random.Random(seed).randbytes(length)


def on_disk(args, name):
    return os.path.join(args.root, name.lstrip("/"))


def read_disk(args, name):
    with open(on_disk(args, name), "rb") as f:
        return f.read()


def write_disk(args, name, content):
    path = on_disk(args, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)


def retr_bytes(ftp, name, rest=None):
    chunks = []
    ftp.retrbinary("RETR " + name, chunks.append, rest=rest)
    return b"".join(chunks)


def store_refusable(ftp, name, data):
    """STOR without ftplib's own error handling: the server may close the data connection before all is sent;
    returns the final reply, or the refusal's text."""
    conn = ftp.transfercmd("STOR " + name)
    conn.settimeout(SOCKET_TIMEOUT_SECONDS)
    try:
        conn.sendall(data)
    except OSError as e:
        print("data connection closed by the server while sending:", e, flush=True)
    finally:
        conn.close()
    try:
        return ftp.voidresp()
    except ftplib.error_perm as e:
        return str(e)


def expect_error(name, codes, action):
    """Runs action, which must fail with a reply whose code starts with one of codes (e.g. ("5",) or ("530",))."""
    try:
        reply = action()
    except ftplib.Error as e:
        text = str(e)
        check(text.startswith(tuple(codes)), name, f"expected a reply starting with {codes}, got {text!r}")
        return text
    fail(name, f"expected a reply starting with {codes}, got success {reply!r}")
