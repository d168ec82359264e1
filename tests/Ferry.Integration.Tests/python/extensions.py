"""The FTP extensions as ftplib sends them: CLNT, LANG, FEAT, HASH with OPTS HASH and RANGE, AVBL,
MODE Z both ways (the client inflates and deflates with Python's zlib), and a file whose name is not
UTF-8 on disk (listed escaped, then read and deleted by that name)."""

import hashlib
import io
import os
import zlib

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, connect, expect_error, mode_name, parse_args, random_bytes, read_disk, retr_bytes

CONTENT = random_bytes(300_000, seed=9) + b"compressible text\n" * 20_000


def greeting_commands(ftp):
    check(ftp.sendcmd("CLNT ftplib-test 1.0").startswith("200"), "CLNT is accepted")
    check(ftp.sendcmd("LANG EN").startswith("200"), "LANG EN is accepted")
    expect_error("LANG FR is 504", ("504",), lambda: ftp.sendcmd("LANG FR"))
    feat = ftp.sendcmd("FEAT")
    for line in (" HASH SHA-256*;SHA-512;SHA-1;MD5", " RANGE STREAM", " MODE Z", " AVBL", " LANG EN*"):
        check(line in feat.splitlines(), f"FEAT lists{line}", feat)


def hashes(ftp):
    ftp.storbinary("STOR data.bin", io.BytesIO(CONTENT))
    reply = ftp.sendcmd("HASH data.bin")
    check(reply == f"213 SHA-256 0-{len(CONTENT)} {hashlib.sha256(CONTENT).hexdigest()} data.bin", "HASH gives the SHA-256", reply)
    check(ftp.sendcmd("OPTS HASH SHA-512") == "200 SHA-512", "OPTS HASH selects SHA-512")
    reply = ftp.sendcmd("HASH data.bin")
    check(reply.split()[3] == hashlib.sha512(CONTENT).hexdigest(), "HASH gives the SHA-512", reply)
    check(ftp.sendcmd("OPTS HASH MD5") == "200 MD5", "OPTS HASH selects MD5")
    check(ftp.sendcmd("RANGE 100 1099").startswith("350"), "RANGE is accepted")
    reply = ftp.sendcmd("HASH data.bin")
    check(reply.split()[2] == "100-1099" and reply.split()[3] == hashlib.md5(CONTENT[100:1100]).hexdigest(), "HASH after RANGE covers the range", reply)
    ftp.sendcmd(f"RANGE 0 {len(CONTENT)}")
    expect_error("a range past the end is 556", ("556",), lambda: ftp.sendcmd("HASH data.bin"))
    expect_error("HASH of a missing file is 550", ("550",), lambda: ftp.sendcmd("HASH missing.bin"))
    expect_error("OPTS HASH CRC32 is 504", ("504",), lambda: ftp.sendcmd("OPTS HASH CRC32"))


def available(ftp):
    reply = ftp.sendcmd("AVBL")
    check(reply.startswith("213 ") and int(reply[4:]) > 0, "AVBL gives a byte count", reply)
    expect_error("AVBL of a missing folder is 550", ("550",), lambda: ftp.sendcmd("AVBL /nowhere"))


def mode_z(ftp, args):
    ftp.voidcmd("TYPE I")
    check(ftp.sendcmd("MODE Z").startswith("200"), "MODE Z is accepted")
    ftp.voidcmd("OPTS MODE Z LEVEL 9")

    conn = ftp.transfercmd("RETR data.bin")
    conn.settimeout(SOCKET_TIMEOUT_SECONDS)
    wire = b""
    while chunk := conn.recv(65536):
        wire += chunk
    conn.close()
    ftp.voidresp()
    check(len(wire) < len(CONTENT), f"RETR in MODE Z is compressed ({len(wire)} of {len(CONTENT)} bytes)")
    check(zlib.decompress(wire) == CONTENT, "RETR in MODE Z inflates to the file")

    upload = CONTENT[::-1]
    conn = ftp.transfercmd("STOR z.bin")
    conn.sendall(zlib.compress(upload, 6))
    conn.close()
    ftp.voidresp()
    check(read_disk(args, "z.bin") == upload, "STOR in MODE Z stores the inflated bytes")

    conn = ftp.transfercmd("NLST")
    conn.settimeout(SOCKET_TIMEOUT_SECONDS)
    wire = b""
    while chunk := conn.recv(65536):
        wire += chunk
    conn.close()
    ftp.voidresp()
    check(b"z.bin" in zlib.decompress(wire), "NLST in MODE Z inflates to the names")

    check(ftp.sendcmd("MODE S").startswith("200"), "MODE S returns to stream mode")
    check(retr_bytes(ftp, "z.bin") == upload, "RETR after MODE S is plain again")


def raw_name(ftp, args):
    # Latin-1 "café.txt": the lone byte 0xE9 is not UTF-8, as an old tool would have written it.
    raw = os.path.join(os.fsencode(args.root), b"caf\xe9.txt")
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"bonjour")
    os.close(fd)
    names = ftp.nlst()
    check("caf%E9.txt" in names, "a name that is not UTF-8 is listed escaped", repr(names))
    check(retr_bytes(ftp, "caf%E9.txt") == b"bonjour", "RETR of the escaped name reads the file")
    ftp.delete("caf%E9.txt")
    check(not os.path.exists(raw), "DELE of the escaped name removes the file")


def main():
    args = parse_args(__doc__)
    print("mode:", mode_name(args), flush=True)
    ftp = connect(args, login=False)
    greeting_commands(ftp)
    ftp.login(args.user, args.password)
    ftp.set_pasv(not args.active)
    hashes(ftp)
    available(ftp)
    mode_z(ftp, args)
    raw_name(ftp, args)
    check(ftp.pwd() == "/", "the session goes on")
    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
