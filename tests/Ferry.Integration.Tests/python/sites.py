"""Virtual FTP sites (RFC 7151 HOST) with ftplib and raw TLS sockets: two sites on one port, each with
its own root, its own account of the same name and its own banner; the server's default site for clients
that send no HOST; the site's certificate chosen by HOST before AUTH TLS and by SNI on the implicit port.
"""

import ftplib
import hashlib
import io
import os
import socket
import ssl

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, expect_error, parse_args


def extra(parser):
    parser.add_argument("--implicit-port", type=int, required=True)
    parser.add_argument("--site-a", required=True)
    parser.add_argument("--site-b", required=True)
    parser.add_argument("--site-user", required=True, help="the account name both sites have")
    parser.add_argument("--password-a", required=True)
    parser.add_argument("--password-b", required=True)
    parser.add_argument("--root-a", required=True)
    parser.add_argument("--root-b", required=True)
    parser.add_argument("--cert-a", required=True, help="SHA-256 of site A's certificate, hex")


def plain(args):
    ftp = ftplib.FTP(timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    return ftp


def untrusting_context():
    # Self-signed certificates: which one is presented is under test, checked by fingerprint.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def fingerprint(sock):
    return hashlib.sha256(sock.getpeercert(binary_form=True)).hexdigest().upper()


def read_reply(stream):
    """One whole FTP reply from a file-like stream: (code, text of every line)."""
    lines = [stream.readline().decode()]
    code = lines[0][:3]
    if lines[0][3:4] == "-":
        while not (lines[-1][:3] == code and lines[-1][3:4] == " "):
            lines.append(stream.readline().decode())
    return code, "".join(lines)


def main():
    args = parse_args(__doc__, extra)
    a, b, user = args.site_a, args.site_b, args.site_user

    # HOST before USER: the site's banner, accounts and files.
    ftp = plain(args)
    reply = ftp.sendcmd("HOST " + a)
    check(reply.startswith("220") and "Site A" in reply, "HOST answers 220 with the site's banner", reply)
    ftp.login(user, args.password_a)
    names = ftp.nlst()
    check("a-only.txt" in names and "b-only.txt" not in names and "default-only.txt" not in names,
          "site A lists only its own root", repr(names))
    ftp.storbinary("STOR up-a.txt", io.BytesIO(b"to site A"))
    with open(os.path.join(args.root_a, "up-a.txt"), "rb") as f:
        check(f.read() == b"to site A", "an upload to site A lands in site A's root")
    expect_error("HOST after logon is a bad sequence (503)", ("503",), lambda: ftp.sendcmd("HOST " + b))
    ftp.quit()

    # The same name on site B is another account: A's password does not open it.
    ftp = plain(args)
    ftp.sendcmd("HOST " + b.upper())
    expect_error("site A's password does not log on to site B", ("530",), lambda: ftp.login(user, args.password_a))
    ftp.quit()
    ftp = plain(args)
    reply = ftp.sendcmd("HOST " + b)
    check("Site B" in reply, "site B greets with its own banner", reply)
    ftp.login(user, args.password_b)
    names = ftp.nlst()
    check("b-only.txt" in names and "a-only.txt" not in names and "up-a.txt" not in names, "site B lists only its own root", repr(names))
    ftp.quit()

    # An unknown name is refused and the session goes on; without HOST the server's own site serves.
    ftp = plain(args)
    expect_error("an unknown host gets 504", ("504",), lambda: ftp.sendcmd("HOST unknown.example.test"))
    expect_error("a site's account does not log on to the default site", ("530",), lambda: ftp.login(user, args.password_a))
    ftp.login(args.user, args.password)
    names = ftp.nlst()
    check("default-only.txt" in names and "a-only.txt" not in names, "without HOST the default site serves its root", repr(names))
    check("HOST" in ftp.sendcmd("FEAT"), "FEAT lists HOST")
    ftp.quit()

    # HOST before AUTH TLS: the site's certificate, whatever the client's SNI.
    ftp = ftplib.FTP_TLS(context=untrusting_context(), timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    ftp.sendcmd("HOST " + a)
    ftp.auth()
    check(fingerprint(ftp.sock) == args.cert_a, "AUTH TLS after HOST presents site A's certificate")
    ftp.login(user, args.password_a)
    ftp.prot_p()
    check("a-only.txt" in ftp.nlst(), "a protected listing of site A")
    ftp.quit()

    # Implicit TLS: the server name (SNI) chooses the certificate, the banner and the accounts.
    context = untrusting_context()
    for name, expect_a in ((a, True), (b, False)):
        with socket.create_connection((args.host, args.implicit_port), timeout=SOCKET_TIMEOUT_SECONDS) as raw:
            with context.wrap_socket(raw, server_hostname=name) as tls:
                stream = tls.makefile("rb")
                code, banner = read_reply(stream)
                check(code == "220" and ("Site A" if expect_a else "Site B") in banner, f"implicit TLS with SNI {name} greets as that site", banner)
                check((fingerprint(tls) == args.cert_a) == expect_a,
                      f"implicit TLS with SNI {name} presents {'the site' if expect_a else 'the server'}'s certificate")
                tls.sendall(f"USER {user}\r\n".encode())
                read_reply(stream)
                tls.sendall(f"PASS {args.password_a if expect_a else args.password_b}\r\n".encode())
                code, text = read_reply(stream)
                check(code == "230", f"implicit TLS with SNI {name} logs on with that site's account", text)
                tls.sendall(b"QUIT\r\n")
                read_reply(stream)

    print("all checks passed")


if __name__ == "__main__":
    main()
