"""An overwrite that never completes leaves the old file whole.

phase "break": the data connection is reset half way (no end of file, so the upload is incomplete);
               the server reports a failure, the old content is intact and no temporary file is listed.
phase "kill":  the server process is killed with SIGKILL half way through the upload.
phase "verify": (after the test restarted the server) the old content is intact and no temporary file is listed.
"""

import ftplib
import os
import signal
import socket
import struct

from ftpcheck import (SOCKET_TIMEOUT_SECONDS, check, connect, fail, mode_name, parse_args, random_bytes,
                      read_disk, retr_bytes, write_disk)

NAME = "precious.bin"
OLD = random_bytes(1024 * 1024, seed=41)
NEW = random_bytes(4 * 1024 * 1024, seed=42)


def extra(parser):
    parser.add_argument("--phase", choices=("break", "kill", "verify"), required=True)
    parser.add_argument("--pid", type=int, help="the server's process id, for phase kill")


def start_overwrite(ftp):
    ftp.voidcmd("TYPE I")
    conn = ftp.transfercmd("STOR " + NAME)
    conn.settimeout(SOCKET_TIMEOUT_SECONDS)
    conn.sendall(NEW[: len(NEW) // 2])
    print(f"sent {len(NEW) // 2} of {len(NEW)} bytes", flush=True)
    return conn


def reset(conn):
    # SO_LINGER 0: close sends RST, not FIN. A FIN would mean "end of file" in stream mode, a complete upload.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def check_old_content_kept(ftp, args):
    check(read_disk(args, NAME) == OLD, "the old content is intact on disk",
          f"{len(read_disk(args, NAME))} bytes on disk instead of the old {len(OLD)}")
    ftp.voidcmd("TYPE I")
    check(retr_bytes(ftp, NAME) == OLD, "RETR gives the old content")
    names = ftp.nlst()
    check(sorted(names) == [NAME], "NLST shows no temporary file", repr(names))


def phase_break(args):
    write_disk(args, NAME, OLD)
    ftp = connect(args)
    reset(start_overwrite(ftp))
    try:
        reply = ftp.getresp()
        fail("an interrupted upload is reported as failed", f"the server answered {reply!r}")
    except (ftplib.error_temp, ftplib.error_perm) as e:
        check(True, f"an interrupted upload is reported as failed ({str(e)[:3]})")
    check_old_content_kept(ftp, args)
    check(ftp.pwd() == "/", "the session goes on")
    ftp.quit()


def phase_kill(args):
    if not args.pid:
        fail("phase kill", "--pid is required")
    write_disk(args, NAME, OLD)
    ftp = connect(args)
    conn = start_overwrite(ftp)
    os.kill(args.pid, signal.SIGKILL)
    print(f"killed server process {args.pid}", flush=True)
    conn.close()
    try:
        reply = ftp.getresp()
        fail("the killed server sends no reply", repr(reply))
    except (EOFError, OSError):
        check(True, "the control connection closed with the server")
    check(read_disk(args, NAME) == OLD, "the old content is intact on disk right after the kill")


def phase_verify(args):
    ftp = connect(args)
    check_old_content_kept(ftp, args)
    ftp.quit()


def main():
    args = parse_args(__doc__, extra)
    print("mode:", mode_name(args), "phase:", args.phase, flush=True)
    {"break": phase_break, "kill": phase_kill, "verify": phase_verify}[args.phase](args)
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
