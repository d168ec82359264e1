"""Request filtering as ftplib meets it. The server's Filtering is
{HiddenSegments: ["private"], DenyExtensions: [".exe"], MaxFileBytes: 100000}; the root holds
private/secret.txt, setup.exe and keep.bin (50000 bytes), put there by the test.

A hidden name is absent from NLST, MLSD and LIST and reads as absent (550) for CWD, RETR, SIZE, MKD,
STOR and RNTO; a .exe file stays listed but RETR, STOR and a rename to or from it get 550 saying
which type; ALLO over the largest size gets 552 at once; an upload that crosses it gets 552 mid-transfer
and the old file stays whole.
"""

import io

from ftpcheck import check, connect, expect_error, parse_args, read_disk, retr_bytes, store_refusable

LIMIT = 100000
BIG = b"b" * 300000


def main():
    args = parse_args(__doc__)
    keep = read_disk(args, "keep.bin")
    ftp = connect(args)
    ftp.voidcmd("TYPE I")

    names = ftp.nlst()
    check("private" not in names and "setup.exe" in names and "keep.bin" in names, "NLST leaves the hidden folder out and lists the rest", names)
    check("private" not in [name for name, _ in ftp.mlsd()], "MLSD leaves it out")
    lines = []
    ftp.retrlines("LIST", lines.append)
    check(not any(line.endswith(" private") for line in lines), "LIST leaves it out", lines)

    expect_error("CWD into a hidden folder is 550", ("550",), lambda: ftp.cwd("private"))
    expect_error("CWD into it in another case is 550 too", ("550",), lambda: ftp.cwd("PRIVATE"))
    expect_error("RETR below it is 550", ("550",), lambda: retr_bytes(ftp, "private/secret.txt"))
    expect_error("SIZE below it is 550", ("550",), lambda: ftp.size("private/secret.txt"))
    expect_error("MKD of a hidden name is 550", ("550",), lambda: ftp.mkd("Private"))
    expect_error("STOR of a hidden name is 550", ("550",), lambda: ftp.storbinary("STOR private", io.BytesIO(b"x")))
    expect_error("RNTO a hidden name is 550", ("550",), lambda: ftp.rename("keep.bin", "private"))

    text = expect_error("RETR of a .exe is 550", ("550",), lambda: retr_bytes(ftp, "setup.exe"))
    check(text == "550 setup.exe: files ending in .exe are not allowed here.", "saying which type", text)
    text = expect_error("STOR of a .exe is 550 before data", ("550",), lambda: ftp.transfercmd("STOR new.EXE").close())
    check(text == "550 new.EXE: files ending in .exe are not allowed here.", "saying which type", text)
    expect_error("RNFR/RNTO to a .exe is 550", ("550",), lambda: ftp.rename("keep.bin", "keep.exe"))
    expect_error("RNFR/RNTO from a .exe is 550", ("550",), lambda: ftp.rename("setup.exe", "setup.bin"))

    text = expect_error("ALLO over the largest size is 552", ("552",), lambda: ftp.sendcmd(f"ALLO {LIMIT + 1}"))
    check(text == f"552 ALLO: files larger than {LIMIT} bytes are not allowed here.", "saying the size", text)
    check(ftp.sendcmd(f"ALLO {LIMIT}").startswith("202"), "ALLO within it is 202")

    reply = store_refusable(ftp, "keep.bin", BIG)
    check(reply == f"552 keep.bin: files larger than {LIMIT} bytes are not allowed here.", "an upload over the largest size gets 552 mid-transfer", reply)
    check(retr_bytes(ftp, "keep.bin") == keep, "the old file is still whole over FTP")
    check(read_disk(args, "keep.bin") == keep, "and on disk")
    reply = store_refusable(ftp, "small.bin", b"s" * LIMIT)
    check(reply.startswith("226"), "an upload of exactly the largest size is stored", reply)

    check(read_disk(args, "private/secret.txt") == b"secret", "the hidden file is untouched on disk")
    check(read_disk(args, "setup.exe") == b"MZ", "the .exe is untouched on disk")
    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
