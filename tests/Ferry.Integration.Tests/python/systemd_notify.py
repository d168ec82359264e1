"""A stand-in for systemd's side of Type=notify, to check that ferry tells its service manager.

The test copies this file to a file named "systemd" and runs it, so that the ferry it starts sees a
parent process called systemd (how .NET decides it runs as a systemd service) and NOTIFY_SOCKET.
Usage: systemd --port PORT -- COMMAND ARGS...
Prints one line per check; exits non-zero at the first failure.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile

# A cold .NET start on a busy 2-core machine takes seconds; a minute means "never".
TIMEOUT = 60


def fail(message, process):
    print("FAIL: " + message, flush=True)
    process.kill()
    process.wait()
    sys.exit(1)


def expect(notify, state, when, process):
    """Waits for the next notification and fails unless it carries STATE (READY=1, STOPPING=1)."""
    try:
        message = notify.recv(4096).decode()
    except socket.timeout:
        fail("no %s within %d s %s" % (state, TIMEOUT, when), process)
    if state not in message.split("\n"):
        fail("%s the notification was %r, not %s" % (when, message, state), process)
    print(state + " received", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    folder = tempfile.mkdtemp(prefix="ferry-notify-")
    path = os.path.join(folder, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(path)
    notify.settimeout(TIMEOUT)
    process = subprocess.Popen(command, env=dict(os.environ, NOTIFY_SOCKET=path))

    expect(notify, "READY=1", "after start", process)

    # Ready means serving: the FTP port greets at once.
    with socket.create_connection(("127.0.0.1", args.port), timeout=10) as control:
        greeting = control.makefile("r").readline()
    if not greeting.startswith("220"):
        fail("after READY=1 the FTP port answered %r" % greeting, process)
    print("FTP port greets after READY=1: " + greeting.strip(), flush=True)

    process.send_signal(signal.SIGTERM)
    expect(notify, "STOPPING=1", "after SIGTERM", process)
    code = process.wait(timeout=TIMEOUT)
    print("ferry exited with code %d" % code, flush=True)
    if code != 0:
        sys.exit(1)
    print("all checks passed", flush=True)


main()
