"""ftplib against an account's policy: an account that requires TLS is refused in the clear before
its password is sent, and needs PROT P for its transfers; an account used from an address it does
not admit is refused at USER, whatever the password.

--user/--password name the TLS account; --office names an account that admits only 127.0.0.1.
"""

import ftplib
import io
import ssl

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, expect_error, parse_args, read_disk


class RecordingFTP(ftplib.FTP):
    """Records every command line ftplib sends, so the check can show that PASS never left."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sent = []

    def putcmd(self, line):
        self.sent.append(line)
        super().putcmd(line)


def tls_context():
    # The server's certificate is self-signed: the policy is tested here, not the PKI.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def main():
    args = parse_args(__doc__, lambda p: (p.add_argument("--office", required=True), p.add_argument("--office-password", required=True)))

    clear = RecordingFTP(timeout=SOCKET_TIMEOUT_SECONDS)
    clear.connect(args.host, args.port)
    expect_error("a TLS account is refused at USER on a clear connection", ("530",), lambda: clear.login(args.user, args.password))
    check(not any(line.upper().startswith("PASS") for line in clear.sent), "the password never crossed in the clear", repr(clear.sent))
    clear.quit()

    ftp = ftplib.FTP_TLS(context=tls_context(), timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    ftp.login(args.user, args.password)  # AUTH TLS first: ftplib's FTP_TLS sends it before USER.
    check(isinstance(ftp.sock, ssl.SSLSocket), "the TLS account logs on after AUTH TLS")
    expect_error("its clear listing is refused until PROT P", ("521",), lambda: ftp.retrlines("LIST", lambda _: None))
    ftp.prot_p()
    ftp.storbinary("STOR secret.txt", io.BytesIO(b"protected"))
    check(read_disk(args, "secret.txt") == b"protected", "its protected upload arrives")
    ftp.quit()

    refused = RecordingFTP(timeout=SOCKET_TIMEOUT_SECONDS, source_address=("127.0.0.2", 0))
    refused.connect(args.host, args.port)
    expect_error("an account used from an address it does not admit is refused at USER", ("530",), lambda: refused.login(args.office, args.office_password))
    check(not any(line.upper().startswith("PASS") for line in refused.sent), "no password was sent from the refused address", repr(refused.sent))
    refused.close()

    admitted = ftplib.FTP(timeout=SOCKET_TIMEOUT_SECONDS, source_address=("127.0.0.1", 0))
    admitted.connect(args.host, args.port)
    admitted.login(args.office, args.office_password)
    check(admitted.pwd() == "/", "the same account logs on from an address it admits")
    admitted.quit()

    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
