"""FileZilla's and WinSCP's FTP command sequences, replayed command by command.

Neither GUI client can run in a test, so this sends exactly the commands their session logs show, in
their order, and checks each reply the way that client does (a code it accepts, a reply it parses).
ftplib carries the sockets only: every command is sent with sendcmd/transfercmd.

FileZilla 3 (engine/ftp/*.cpp): FEAT, OPTS UTF8 ON, (PBSZ 0, PROT P over TLS), PWD, TYPE I, PASV,
MLSD for listings; CWD + PWD to learn a folder's canonical name; STOR then MFMT to keep the time;
SIZE before a resumed download, REST n + RETR; MKD, RNFR/RNTO, DELE, RMD.
WinSCP 6 (core/FtpFileSystem.cpp, via FileZilla's engine): FEAT, OPTS UTF8 ON, PWD, CWD, TYPE A,
PASV, MLSD; MLST for one file's facts; TYPE I, STOR, MFMT; SITE CHMOD for permissions; REST n + STOR
to resume an upload.
"""

import ftplib
import re
import ssl

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, parse_args, random_bytes, read_disk


def add_arguments(parser):
    parser.add_argument("--tls", action="store_true", help="explicit FTPS (AUTH TLS, PBSZ 0, PROT P)")


def connect(args):
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        ftp = ftplib.FTP_TLS(context=context, timeout=SOCKET_TIMEOUT_SECONDS)
    else:
        ftp = ftplib.FTP(timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    ftp.set_pasv(not args.active)
    return ftp


def reply_code(ftp, command):
    try:
        return ftp.sendcmd(command)[:3]
    except ftplib.Error as e:
        return str(e)[:3]


def log_on(ftp, args, client):
    feat = ftp.sendcmd("FEAT")
    check(feat.startswith("211"), f"{client}: FEAT is a 211 multi-line reply")
    features = {line.strip().split(" ")[0].upper() for line in feat.splitlines()[1:-1]}
    check({"UTF8", "MLST", "SIZE", "MDTM", "REST", "EPSV"} <= features, f"{client}: FEAT lists what it looks for", feat)
    if args.tls:
        check("AUTH" in features, f"{client}: FEAT offers AUTH TLS", feat)
        check(ftp.sendcmd("AUTH TLS").startswith("234"), f"{client}: AUTH TLS")
        ftp.sock = ftp.context.wrap_socket(ftp.sock, server_hostname=args.host)
        ftp.file = ftp.sock.makefile("r", encoding=ftp.encoding)
    check(ftp.sendcmd("USER " + args.user).startswith("331"), f"{client}: USER asks for the password")
    check(ftp.sendcmd("PASS " + args.password).startswith("230"), f"{client}: PASS logs on")
    check(reply_code(ftp, "OPTS UTF8 ON") in ("200", "202"), f"{client}: OPTS UTF8 ON is accepted")
    if args.tls:
        check(ftp.sendcmd("PBSZ 0").startswith("200"), f"{client}: PBSZ 0")
        check(ftp.sendcmd("PROT P").startswith("200"), f"{client}: PROT P")
        ftp._prot_p = True
    pwd = ftp.sendcmd("PWD")
    check(re.match(r'^257 "/"', pwd) is not None, f"{client}: PWD names the home as \"/\"", pwd)


def data(ftp, command, payload=None, rest=None):
    """One transfer as the clients do it: the data command, the data, the final reply."""
    conn, _ = ftp.ntransfercmd(command, rest)
    received = b""
    with conn:
        if payload is None:
            while chunk := conn.recv(65536):
                received += chunk
        else:
            conn.sendall(payload)
        if isinstance(conn, ssl.SSLSocket):
            conn.unwrap()
    final = ftp.voidresp()
    return received, final


def mlsd_names(ftp):
    listing, final = data(ftp, "MLSD")
    check(final.startswith("226"), "MLSD ends with 226", final)
    facts = {}
    for line in listing.decode("utf-8").splitlines():
        fact_text, _, name = line.partition(" ")
        facts[name] = {k.lower(): v for k, _, v in (f.partition("=") for f in fact_text.split(";") if f)}
    return facts


def filezilla(args):
    ftp = connect(args)
    log_on(ftp, args, "FileZilla")
    ftp.sendcmd("TYPE I")
    check(ftp.sendcmd("CWD /").startswith("250") and '"/"' in ftp.sendcmd("PWD"), "FileZilla: CWD then PWD gives the canonical folder")
    check(ftp.sendcmd("MKD fz").startswith("257"), "FileZilla: MKD")
    check(ftp.sendcmd("CWD /fz").startswith("250"), "FileZilla: CWD into the new folder")
    content = random_bytes(1_048_583, seed=61)
    _, final = data(ftp, "STOR upload.bin", payload=content)
    check(final.startswith("226") and read_disk(args, "fz/upload.bin") == content, "FileZilla: STOR arrives whole")
    check(ftp.sendcmd("MFMT 20200102030405 upload.bin").startswith("213"), "FileZilla: MFMT keeps the local time")
    check(ftp.sendcmd("MDTM upload.bin") == "213 20200102030405", "FileZilla: MDTM shows it")
    facts = mlsd_names(ftp)
    check(facts.get("upload.bin", {}).get("size") == str(len(content)), "FileZilla: MLSD gives the size fact", repr(facts))
    check(facts["upload.bin"].get("modify", "").startswith("20200102030405"), "FileZilla: MLSD gives the modify fact")
    check(ftp.sendcmd("SIZE upload.bin") == f"213 {len(content)}", "FileZilla: SIZE before a resumed download")
    tail, final = data(ftp, "RETR upload.bin", rest=1_000_000)
    check(final.startswith("226") and tail == content[1_000_000:], "FileZilla: REST n + RETR sends the rest")
    check(ftp.sendcmd("RNFR upload.bin").startswith("350"), "FileZilla: RNFR")
    check(ftp.sendcmd("RNTO renamed.bin").startswith("250"), "FileZilla: RNTO")
    check(ftp.sendcmd("DELE renamed.bin").startswith("250"), "FileZilla: DELE")
    check(ftp.sendcmd("CWD /").startswith("250"), "FileZilla: CWD back")
    check(ftp.sendcmd("RMD fz").startswith("250"), "FileZilla: RMD of the emptied folder")
    ftp.quit()


def winscp(args):
    ftp = connect(args)
    log_on(ftp, args, "WinSCP")
    check(ftp.sendcmd("CWD /").startswith("250"), "WinSCP: CWD to the start folder")
    check(ftp.sendcmd("TYPE A").startswith("200"), "WinSCP: TYPE A for listings")
    mlsd_names(ftp)
    ftp.sendcmd("TYPE I")
    content = random_bytes(700_001, seed=62)
    _, final = data(ftp, "STOR ws.bin", payload=content[:300_000])
    check(final.startswith("226"), "WinSCP: a first part uploaded")
    mlst = ftp.sendcmd("MLST ws.bin")
    check(mlst.startswith("250") and "size=300000;" in mlst.lower(), "WinSCP: MLST gives the partial size", mlst)
    _, final = data(ftp, "STOR ws.bin", payload=content[300_000:], rest=300_000)
    check(final.startswith("226") and read_disk(args, "ws.bin") == content, "WinSCP: REST n + STOR resumes the upload")
    check(ftp.sendcmd("MFMT 20210304050607 ws.bin").startswith("213"), "WinSCP: MFMT")
    chmod = reply_code(ftp, "SITE CHMOD 640 ws.bin")
    check(chmod in ("200", "504"), f"WinSCP: SITE CHMOD is done or refused as not offered ({chmod})")
    whole, final = data(ftp, "RETR ws.bin")
    check(final.startswith("226") and whole == content, "WinSCP: RETR")
    ftp.quit()


def main():
    args = parse_args(__doc__, add_arguments)
    filezilla(args)
    winscp(args)
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
