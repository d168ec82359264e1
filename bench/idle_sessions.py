#!/usr/bin/env python3
"""Opens N logged-on idle FTP sessions to a server on loopback and reports the server's memory.

Usage: idle_sessions.py PORT USER PASSWORD SERVER_PID [--sessions N] [--timeout SECONDS]

Loopback only; the number of sessions and the time are both bounded. Prints the server's RSS and
PSS (from /proc) before and after, and KiB per session.
"""
import argparse
import socket
import sys
import time


def memory_kib(pid):
    rss = pss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def read_reply(sock, buffer):
    while b"\r\n" not in buffer[0]:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        buffer[0] += chunk
    line, _, rest = buffer[0].partition(b"\r\n")
    buffer[0] = rest
    return line.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("user")
    parser.add_argument("password")
    parser.add_argument("pid", type=int)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    before = memory_kib(args.pid)
    socks = []
    try:
        for i in range(args.sessions):
            if time.monotonic() > deadline:
                print(f"stopped at {i} sessions: time limit", file=sys.stderr)
                break
            s = socket.create_connection(("127.0.0.1", args.port), timeout=30)
            buf = [b""]
            assert read_reply(s, buf).startswith("220")
            s.sendall(f"USER {args.user}\r\n".encode())
            assert read_reply(s, buf).startswith("331")
            s.sendall(f"PASS {args.password}\r\n".encode())
            reply = read_reply(s, buf)
            if not reply.startswith("230"):
                raise SystemExit(f"logon {i} failed: {reply}")
            socks.append(s)
        time.sleep(3)  # let the server settle before reading its memory
        after = memory_kib(args.pid)
        n = len(socks)
        print(f"sessions={n} rss_before_kib={before[0]} rss_after_kib={after[0]} pss_before_kib={before[1]} pss_after_kib={after[1]}")
        if n:
            print(f"per_session_rss_kib={(after[0] - before[0]) / n:.1f} per_session_pss_kib={(after[1] - before[1]) / n:.1f}")
    finally:
        for s in socks:
            s.close()


if __name__ == "__main__":
    main()
