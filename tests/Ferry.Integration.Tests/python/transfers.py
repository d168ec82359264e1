"""ftplib against the server: ASCII conversion, resume both ways, append, rename, STOU and the navigation commands."""

import calendar
import io
import os
import time

from ftpcheck import (check, connect, expect_error, mode_name, on_disk, parse_args, random_bytes, read_disk,
                      retr_bytes, write_disk)


def ascii_mode(ftp, args):
    # RFC 959 3.1.1.1: in TYPE A the wire carries CRLF; the server stores its native (LF) line ends.
    ftp.storlines("STOR ascii.txt", io.BytesIO(b"line one\nline two\n\nline four\n"))
    check(read_disk(args, "ascii.txt") == b"line one\nline two\n\nline four\n",
          "TYPE A upload arrives on disk with LF line ends", repr(read_disk(args, "ascii.txt")))

    lines = []
    ftp.retrlines("RETR ascii.txt", lines.append)
    check(lines == ["line one", "line two", "", "line four"], "retrlines gives the lines back", repr(lines))

    ftp.voidcmd("TYPE A")
    with ftp.transfercmd("RETR ascii.txt") as conn:
        wire = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            wire += chunk
    ftp.voidresp()
    check(wire == b"line one\r\nline two\r\n\r\nline four\r\n", "TYPE A download carries CRLF on the wire", repr(wire))

    ftp.voidcmd("TYPE I")
    check(retr_bytes(ftp, "ascii.txt") == b"line one\nline two\n\nline four\n",
          "TYPE I download gives the stored bytes unchanged")


def resume_download(ftp, args):
    content = random_bytes(300_001, seed=21)
    write_disk(args, "rest-retr.bin", content)
    got = retr_bytes(ftp, "rest-retr.bin", rest=123_456)
    check(got == content[123_456:], "REST + RETR sends the file from the offset", f"{len(got)} bytes")


def resume_upload(ftp, args):
    content = random_bytes(400_003, seed=22)
    ftp.storbinary("STOR rest-stor.bin", io.BytesIO(content[:150_000]))
    check(read_disk(args, "rest-stor.bin") == content[:150_000], "first part uploaded")
    ftp.storbinary("STOR rest-stor.bin", io.BytesIO(content[150_000:]), rest=150_000)
    check(read_disk(args, "rest-stor.bin") == content, "REST + STOR writes the rest from the offset",
          f"{len(read_disk(args, 'rest-stor.bin'))} bytes on disk")


def append(ftp, args):
    first, second = random_bytes(70_000, seed=23), random_bytes(90_000, seed=24)
    ftp.storbinary("APPE appended.bin", io.BytesIO(first))
    check(read_disk(args, "appended.bin") == first, "APPE to a missing file creates it")
    ftp.storbinary("APPE appended.bin", io.BytesIO(second))
    check(read_disk(args, "appended.bin") == first + second, "APPE adds to the end")


def rename(ftp, args):
    write_disk(args, "before.txt", b"renamed content")
    ftp.rename("before.txt", "after.txt")
    check(not os.path.exists(on_disk(args, "before.txt")) and read_disk(args, "after.txt") == b"renamed content",
          "RNFR/RNTO renames the file")
    expect_error("RNFR of a missing file is refused", ("550", "450"), lambda: ftp.sendcmd("RNFR no-such-file"))


def store_unique(ftp, args):
    before = set(os.listdir(args.root))
    replies = []
    original_getresp = ftp.getresp

    def recording_getresp():
        reply = original_getresp()
        replies.append(reply)
        return reply

    ftp.getresp = recording_getresp
    content = b"unique content\n"
    ftp.voidcmd("TYPE I")
    conn, _ = ftp.ntransfercmd("STOU")
    conn.sendall(content)
    conn.close()
    ftp.voidresp()
    ftp.getresp = original_getresp

    created = set(os.listdir(args.root)) - before
    check(len(created) == 1, "STOU creates exactly one new file", repr(created))
    name = created.pop()
    check(read_disk(args, name) == content, "STOU stores the data")
    # RFC 1123 4.1.2.9: the reply to STOU names the file it created.
    check(any(name in reply for reply in replies if reply[:3] in ("150", "125", "226", "250")),
          "the STOU replies name the created file", f"{name!r} not in {replies!r}")


def navigation(ftp, args):
    check(ftp.pwd() == "/", "PWD starts at /", ftp.pwd())
    made = ftp.mkd("nav")
    check(made in ("/nav", "nav") and os.path.isdir(on_disk(args, "nav")), "MKD creates the folder and names it", made)
    expect_error("MKD of an existing folder is refused", ("550", "553", "521"), lambda: ftp.mkd("nav"))
    ftp.cwd("nav")
    check(ftp.pwd() == "/nav", "CWD enters the folder", ftp.pwd())
    content = random_bytes(12_345, seed=25)
    ftp.storbinary("STOR inner.bin", io.BytesIO(content))
    check(read_disk(args, "nav/inner.bin") == content, "STOR relative to the working folder")
    ftp.voidcmd("TYPE I")
    check(ftp.size("inner.bin") == 12_345, "SIZE gives the byte count", str(ftp.size("inner.bin")))
    expect_error("SIZE of a missing file is refused", ("550",), lambda: ftp.size("missing.bin"))

    stamp = calendar.timegm((2021, 3, 4, 5, 6, 7, 0, 0, 0))
    os.utime(on_disk(args, "nav/inner.bin"), (stamp, stamp))
    reply = ftp.sendcmd("MDTM inner.bin")
    expected = time.strftime("%Y%m%d%H%M%S", time.gmtime(stamp))
    check(reply.startswith("213 ") and reply[4:18] == expected, "MDTM gives the modification time in UTC",
          f"{reply!r}, expected 213 {expected}")

    ftp.cwd("/")
    ftp.cwd("nav")
    ftp.sendcmd("CDUP")
    check(ftp.pwd() == "/", "CDUP goes to the parent", ftp.pwd())
    expect_error("CWD into a missing folder is refused", ("550",), lambda: ftp.cwd("no-such-folder"))
    expect_error("RMD of a folder with files is refused", ("550", "450"), lambda: ftp.rmd("nav"))
    ftp.delete("nav/inner.bin")
    check(not os.path.exists(on_disk(args, "nav/inner.bin")), "DELE removes the file")
    expect_error("DELE of a missing file is refused", ("550", "450"), lambda: ftp.delete("nav/inner.bin"))
    ftp.rmd("nav")
    check(not os.path.exists(on_disk(args, "nav")), "RMD removes the empty folder")
    check(sorted(ftp.nlst()) == sorted(os.listdir(args.root)), "NLST lists what is on disk", repr(ftp.nlst()))


def main():
    args = parse_args(__doc__)
    print("mode:", mode_name(args), flush=True)
    ftp = connect(args)
    ftp.voidcmd("TYPE I")
    ascii_mode(ftp, args)
    resume_download(ftp, args)
    resume_upload(ftp, args)
    append(ftp, args)
    rename(ftp, args)
    store_unique(ftp, args)
    navigation(ftp, args)
    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
