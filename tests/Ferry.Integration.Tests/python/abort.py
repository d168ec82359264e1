"""ABOR in the middle of a large download: the transfer stops, the replies are 426 then 226 (or 225/226), and the session goes on."""

import os

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, connect, fail, mode_name, parse_args, random_bytes, retr_bytes, write_disk

# Far more than loopback socket buffers hold, so that the server is certainly mid-transfer when ABOR arrives.
LARGE_SIZE = 200 * 1024 * 1024
READ_BEFORE_ABORT = 1024 * 1024


def main():
    args = parse_args(__doc__)
    print("mode:", mode_name(args), flush=True)
    # Sparse: 200 MiB on the wire without 200 MiB on disk.
    with open(os.path.join(args.root, "large.bin"), "wb") as f:
        f.truncate(LARGE_SIZE)
    small = random_bytes(10_000, seed=31)
    write_disk(args, "small.bin", small)

    ftp = connect(args)
    ftp.voidcmd("TYPE I")
    conn = ftp.transfercmd("RETR large.bin")
    conn.settimeout(SOCKET_TIMEOUT_SECONDS)
    received = 0
    while received < READ_BEFORE_ABORT:
        chunk = conn.recv(65536)
        if not chunk:
            fail("the download is still running when ABOR is sent", f"the data connection ended after {received} bytes")
        received += len(chunk)
    print(f"received {received} bytes, sending ABOR", flush=True)

    # ftplib sends IAC IP, IAC DM (as urgent data) and ABOR, then reads one reply.
    first = ftp.abort()
    check(first[:3] in ("426", "225", "226"), "ABOR gets 426, 225 or 226", first)
    if first.startswith("426"):
        second = ftp.getresp()
        check(second[:3] in ("226", "225"), "the 426 is followed by 226 (or 225)", second)
    conn.close()

    check(ftp.pwd() == "/", "the session answers PWD after ABOR", ftp.pwd())
    check(retr_bytes(ftp, "small.bin") == small, "a new transfer works after ABOR")
    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
