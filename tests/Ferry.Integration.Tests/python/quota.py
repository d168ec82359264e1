"""An account's quota as ftplib meets it (the account has Quota {Bytes: 300000, Files: 3}).

An overwrite that would pass the byte quota is refused mid-transfer with 552 saying how full, and the
old file stays whole; AVBL tells what is left; a new file past the file count (folders count too)
is refused with 552 before any data; the client is still served afterwards.
"""

import ftplib

from ftpcheck import check, connect, fail, parse_args, read_disk, retr_bytes, store_refusable

LIMIT = 300000
OLD = b"k" * 100000
NEW = b"n" * 1000000


def main():
    args = parse_args(__doc__)
    ftp = connect(args)
    ftp.voidcmd("TYPE I")

    reply = store_refusable(ftp, "keep.bin", OLD)
    check(reply.startswith("226"), "a file within the quota is stored", reply)
    check(ftp.sendcmd("AVBL") == f"213 {LIMIT - len(OLD)}", "AVBL tells the bytes left", ftp.sendcmd("AVBL"))

    reply = store_refusable(ftp, "keep.bin", NEW)
    check(reply.startswith("552 keep.bin: quota exceeded: ") and reply.endswith(f" of {LIMIT} bytes used."),
          "an overwrite past the byte quota gets 552 saying how full", reply)
    check(retr_bytes(ftp, "keep.bin") == OLD, "the old file is still whole over FTP")
    check(read_disk(args, "keep.bin") == OLD, "and on disk")
    check(ftp.sendcmd("AVBL") == f"213 {LIMIT - len(OLD)}", "the refused upload left nothing counted", ftp.sendcmd("AVBL"))

    ftp.mkd("d")
    reply = store_refusable(ftp, "two.bin", b"2" * 1000)
    check(reply.startswith("226"), "a third entry fits the file count", reply)
    try:
        ftp.transfercmd("STOR three.bin").close()
        fail("a fourth entry is refused before data", "the server opened a data connection")
    except ftplib.error_perm as e:
        check(str(e) == "552 three.bin: quota exceeded: 3 of 3 files used.", "a fourth entry is refused with 552 before data", str(e))
    try:
        ftp.mkd("e")
        fail("a folder past the file count is refused", "MKD succeeded")
    except ftplib.error_perm as e:
        check(str(e).startswith("552 "), "a folder past the file count is refused with 552", str(e))

    ftp.delete("two.bin")
    reply = store_refusable(ftp, "three.bin", b"3" * 1000)
    check(reply.startswith("226"), "after a delete the file count has room again", reply)
    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
