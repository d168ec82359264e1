#!/usr/bin/python3
"""Loopback ceilings: how fast can 1 GiB cross 127.0.0.1 on this machine at all?

Usage: ceiling.py --file BIG_FILE [--reps 3] [--pin]

  plain     the sender send()s a 1 MiB buffer, the receiver recv_into()s a 1 MiB buffer
  sendfile  the sender os.sendfile()s the file (from the page cache), same receiver

Sender and receiver are separate processes, like server and client. With --pin the receiver runs
on CPU 0 and the sender on CPU 1, the placement the single-stream FTP figures use (client on 0,
server on 1). One JSON line per mode with every run's MB/s (1e6 bytes/s). Bounded: every socket
has a timeout and the sender is killed by an alarm after 150 s.
"""
import argparse
import json
import os
import signal
import socket
import statistics
import time

CHUNK = 1 << 20
RECEIVE = 64 << 10  # the receiver reads like curl does (small, cache-resident buffer); 1 MiB reads measured slower
SLICE = 4 << 20  # sendfile per call, as Ferry and vsftpd do; one call for the whole file measured slower


def once(mode, path, size, pin):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    port = listener.getsockname()[1]
    pid = os.fork()
    if pid == 0:
        try:
            if pin:
                os.sched_setaffinity(0, {1})
            signal.alarm(150)
            sender = socket.create_connection(("127.0.0.1", port), timeout=120)
            sender.setblocking(True)  # os.sendfile on a socket with a timeout (non-blocking) stops at EAGAIN; the alarm bounds it
            if mode == "plain":
                block = os.urandom(CHUNK)
                for _ in range(size // CHUNK):
                    sender.sendall(block)
            else:
                with open(path, "rb") as f:
                    offset = 0
                    while offset < size:
                        offset += os.sendfile(sender.fileno(), f.fileno(), offset, min(SLICE, size - offset))
            sender.close()
        finally:
            os._exit(0)
    connection, _ = listener.accept()
    connection.settimeout(120)
    buffer = memoryview(bytearray(RECEIVE))
    received = 0
    started = time.perf_counter()
    while True:
        n = connection.recv_into(buffer)
        if not n:
            break
        received += n
    elapsed = time.perf_counter() - started
    connection.close()
    listener.close()
    os.waitpid(pid, 0)
    if received != size:
        raise SystemExit(f"ceiling: received {received} of {size} bytes")
    return size / elapsed / 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--pin", action="store_true")
    args = parser.parse_args()
    size = os.path.getsize(args.file)
    with open(args.file, "rb") as f:  # warm the page cache, as the FTP figures have it warm
        while f.read(1 << 24):
            pass
    if args.pin:
        os.sched_setaffinity(0, {0})
    for mode in ("plain", "sendfile"):
        runs = [round(once(mode, args.file, size, args.pin), 1) for _ in range(args.reps)]
        print(json.dumps({"metric": f"ceiling_{mode}", "pinned": args.pin, "unit": "MB/s", "runs": runs,
                          "value": statistics.median(runs)}), flush=True)


if __name__ == "__main__":
    main()
