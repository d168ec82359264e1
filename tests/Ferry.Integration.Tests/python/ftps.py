"""ftplib's FTP_TLS against the server: AUTH TLS, PBSZ/PROT P, protected transfers and listings.

ftplib does not resume the control connection's TLS session on data connections (its ntransfercmd
passes no session=), so this also shows that the server does not require resumption.
"""

import ftplib
import io
import socket
import ssl

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, expect_error, mode_name, parse_args, random_bytes, read_disk, write_disk


def connect_tls(args):
    # The server's certificate is self-signed: encryption is what is tested here, not the PKI.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    ftp = ftplib.FTP_TLS(context=context, timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    ftp.auth()
    check(isinstance(ftp.sock, ssl.SSLSocket), "AUTH TLS protects the control connection")
    ftp.login(args.user, args.password)
    ftp.prot_p()
    ftp.set_pasv(not args.active)
    return ftp


def read_to_end(conn):
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def hello_before_the_command(ftp, content):
    """curl before 8.0 sends its TLS hello on the data connection before RETR and waits for the answer."""
    host, port = ftp.makepasv()
    # Bounds the wait for the answer: a server that waits for RETR fails the check instead of hanging it.
    sock = socket.create_connection((host, port), timeout=10)
    try:
        conn = ftp.context.wrap_socket(sock, server_hostname=host)
    except (TimeoutError, OSError) as error:
        sock.close()
        check(False, "a TLS hello sent before RETR is answered before it", repr(error))
        return
    check(True, "a TLS hello sent before RETR is answered before it")
    with conn:
        check(ftp.sendcmd("RETR up.bin").startswith("150"), "RETR on the early-protected connection opens with 150")
        check(read_to_end(conn) == content, "the early-protected connection carries the file byte for byte")
    check(ftp.voidresp().startswith("226"), "and the transfer ends with 226")

    # PROT C between PASV and RETR: the connection accepted for TLS carries the file in clear.
    host, port = ftp.makepasv()
    ftp.prot_c()
    with socket.create_connection((host, port), timeout=SOCKET_TIMEOUT_SECONDS) as clear:
        check(ftp.sendcmd("RETR up.bin").startswith("150"), "PROT C after PASV: RETR opens with 150")
        check(read_to_end(clear) == content, "PROT C after PASV: the file comes in clear, byte for byte")
    check(ftp.voidresp().startswith("226"), "PROT C after PASV: the transfer ends with 226")
    ftp.prot_p()


def main():
    args = parse_args(__doc__)
    ftp = connect_tls(args)
    name = mode_name(args)

    content = random_bytes(1_500_007, seed=41)
    ftp.storbinary("STOR up.bin", io.BytesIO(content))
    check(read_disk(args, "up.bin") == content, f"PROT P STOR arrives byte for byte ({name})")

    chunks = []
    ftp.retrbinary("RETR up.bin", chunks.append)
    check(b"".join(chunks) == content, f"PROT P RETR returns the same bytes ({name})")

    if not args.active:
        hello_before_the_command(ftp, content)

    write_disk(args, "rest.bin", content)
    chunks = []
    ftp.retrbinary("RETR rest.bin", chunks.append, rest=1_000_000)
    check(b"".join(chunks) == content[1_000_000:], f"PROT P RETR after REST sends the rest ({name})")

    ftp.storlines("STOR lines.txt", io.BytesIO(b"one\ntwo\n"))
    check(read_disk(args, "lines.txt") == b"one\ntwo\n", f"PROT P ASCII upload stores LF line ends ({name})")

    listing = []
    ftp.retrlines("LIST", listing.append)
    check(any(line.endswith(" up.bin") for line in listing), f"PROT P LIST shows the file ({name})", repr(listing))
    check(sorted(ftp.nlst()) == ["lines.txt", "rest.bin", "up.bin"], f"PROT P NLST gives the names ({name})")
    check({entry[0] for entry in ftp.mlsd()} >= {"up.bin", "rest.bin"}, f"PROT P MLSD lists the files ({name})")

    expect_error("CCC is refused", ("534",), lambda: ftp.sendcmd("CCC"))
    expect_error("AUTH again is a bad sequence", ("503",), lambda: ftp.sendcmd("AUTH TLS"))

    ftp.prot_c()
    chunks = []
    ftp.retrbinary("RETR up.bin", chunks.append)
    check(b"".join(chunks) == content, f"PROT C RETR over the protected control connection ({name})")

    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
