"""Protected uploads that do not end properly: a TCP FIN without TLS close_notify, and a data
connection whose TLS handshake fails. Neither may commit anything; a proper upload still works.
"""

import ftplib
import io
import os
import socket
import ssl

from ftpcheck import SOCKET_TIMEOUT_SECONDS, check, expect_error, mode_name, on_disk, parse_args, random_bytes, read_disk, write_disk


def connect_tls(args, minimum):
    # The server's certificate is self-signed: what is tested is how uploads end, not the PKI.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = minimum
    ftp = ftplib.FTP_TLS(context=context, timeout=SOCKET_TIMEOUT_SECONDS)
    ftp.connect(args.host, args.port)
    ftp.auth()
    ftp.login(args.user, args.password)
    ftp.prot_p()
    ftp.set_pasv(not args.active)
    return ftp


def store_without_close_notify(ftp, name, content):
    """STOR whose data connection ends with a bare FIN: SSLSocket.shutdown drops TLS and shuts the TCP socket down."""
    conn = ftp.transfercmd(f"STOR {name}")
    conn.sendall(content)
    conn.shutdown(socket.SHUT_RDWR)
    conn.close()
    return ftp.voidresp()


def store_with_failed_handshake(ftp, name):
    """STOR whose data connection sends bytes that are not TLS: the handshake fails before any data."""
    host, port = ftp.makepasv()
    ftp.putcmd(f"STOR {name}")
    raw = socket.create_connection((host, port), timeout=SOCKET_TIMEOUT_SECONDS)
    resp = ftp.getresp()
    check(resp.startswith("150"), "STOR is answered 150 before the data connection's handshake", resp)
    raw.sendall(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")
    raw.shutdown(socket.SHUT_WR)
    raw.close()
    return ftp.getresp()


def run(args, minimum, label):
    ftp = connect_tls(args, minimum)
    old = random_bytes(200_003, seed=7)
    write_disk(args, "keep.bin", old)
    ftp.voidcmd("TYPE I")

    expect_error(f"a STOR ended by FIN without close_notify gets 426 ({label})", ("426",),
                 lambda: store_without_close_notify(ftp, "keep.bin", random_bytes(100_000, seed=8)))
    check(read_disk(args, "keep.bin") == old, f"the old file is kept after a truncated STOR ({label})")
    check(sorted(os.listdir(args.root)) == ["keep.bin"], f"no temporary or partial file is left ({label})", repr(os.listdir(args.root)))

    if not args.active:
        expect_error(f"a STOR whose data TLS handshake fails gets 425 ({label})", ("425",),
                     lambda: store_with_failed_handshake(ftp, "new.bin"))
        check(not os.path.exists(on_disk(args, "new.bin")), f"a failed handshake leaves no empty file ({label})")

    content = random_bytes(300_007, seed=9)
    ftp.storbinary("STOR keep.bin", io.BytesIO(content))
    check(read_disk(args, "keep.bin") == content, f"a proper STOR afterwards replaces the file ({label})")
    os.remove(on_disk(args, "keep.bin"))
    ftp.quit()


def main():
    args = parse_args(__doc__)
    name = mode_name(args)
    # A client that offers TLS 1.2 gets it on upload data connections; one that offers only 1.3 gets 1.3.
    run(args, ssl.TLSVersion.TLSv1_2, f"TLS 1.2, {name}")
    run(args, ssl.TLSVersion.TLSv1_3, f"TLS 1.3, {name}")
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
