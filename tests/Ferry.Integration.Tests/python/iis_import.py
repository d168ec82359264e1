"""ftplib against a configuration `ferry import iis` wrote from an IIS site with IsolateAllDirectories,
SslRequire on both channels, a passive range and a read-only folder (Deny Write) in the user's home:
a clear logon is refused, a TLS logon lands in the user's own folder as "/" and cannot climb out,
the read-only folder refuses STOR with 550, and every passive port lies in the range.

--low/--high name the passive range; --root is the site's root, the user's home is LocalUser/USER under it.
"""

import ftplib
import io
import os
import ssl

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, expect_error, parse_args


def tls_context():
    # Ferry's self-signed certificate: the mapping is tested here, not the PKI.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def main():
    args = parse_args(__doc__, lambda p: (p.add_argument("--low", type=int, required=True), p.add_argument("--high", type=int, required=True)))
    home = os.path.join(args.root, "LocalUser", args.user)

    clear = ftplib.FTP(timeout=SOCKET_TIMEOUT_SECONDS)
    clear.connect(args.host, args.port)
    expect_error("SslRequire: a logon in the clear is refused", ("530",), lambda: clear.login(args.user, args.password))
    clear.quit()

    ftp = ftplib.FTP_TLS(context=tls_context(), timeout=SOCKET_TIMEOUT_SECONDS)
    banner = ftp.connect(args.host, args.port)
    check("Migrated from IIS" in banner, "bannerMessage is the 220 greeting", banner)
    welcome = ftp.login(args.user, args.password)  # FTP_TLS sends AUTH TLS before USER.
    check(isinstance(ftp.sock, ssl.SSLSocket), "SslRequire: the logon works after AUTH TLS")
    check(f"Welcome, {args.user}." in welcome, "greetingMessage with %UserName% comes with the 230", welcome)
    expect_error("SslRequire on data: a clear listing is refused", ("521",), lambda: ftp.retrlines("LIST", lambda _: None))
    ftp.prot_p()

    check(ftp.pwd() == "/", "isolation: the session starts in /", ftp.pwd())
    names = ftp.nlst()
    check("readonly" in names and "LocalUser" not in names, "isolation: / is the user's own folder", repr(names))
    ftp.cwd("..")
    check(ftp.pwd() == "/" and "readonly" in ftp.nlst(), "isolation: CDUP from / stays in the user's folder")

    host, port = ftplib.parse227(ftp.sendcmd("PASV"))
    check(args.low <= port <= args.high, f"the passive port {port} lies in lowDataChannelPort-highDataChannelPort", f"{args.low}-{args.high}")

    ftp.storbinary("STOR upload.txt", io.BytesIO(b"written by the migrated account"))
    with open(os.path.join(home, "upload.txt"), "rb") as f:
        check(f.read() == b"written by the migrated account", "Read, Write: STOR in the home works")

    expect_error("Deny Write: STOR in the read-only folder is refused", ("550",), lambda: ftp.storbinary("STOR readonly/new.txt", io.BytesIO(b"no")))
    check(not os.path.exists(os.path.join(home, "readonly", "new.txt")), "nothing was written in the read-only folder")
    chunks = []
    ftp.retrbinary("RETR readonly/report.txt", chunks.append)
    check(b"".join(chunks) == b"quarterly report\n", "Read: RETR in the read-only folder works")
    goodbye = ftp.quit()
    check(f"Goodbye, {args.user}." in goodbye, "exitMessage with %UserName% is the 221", goodbye)
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
