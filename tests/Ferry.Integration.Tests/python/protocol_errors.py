"""Replies to commands the server must refuse, and proof that the session survives each refusal."""

import ftplib
import socket

from ftpcheck import check, connect, expect_error, fail, mode_name, parse_args

# vsftpd's limit, which Ferry keeps: longer lines are refused, not buffered without end.
MAX_LINE = 4096


def before_login(args):
    ftp = connect(args, login=False)
    expect_error("PWD before login gets 530", ("530",), lambda: ftp.sendcmd("PWD"))
    expect_error("CWD before login gets 530", ("530",), lambda: ftp.sendcmd("CWD /"))
    ftp.login(args.user, args.password)
    check(ftp.pwd() == "/", "login works after the refusals")
    ftp.quit()


def wrong_password(args):
    ftp = connect(args, login=False)
    expect_error("a wrong password gets 530", ("530",), lambda: ftp.login(args.user, "not-" + args.password))
    ftp.close()


def unknown_and_long_commands(ftp):
    expect_error("an unknown command gets 500", ("500",), lambda: ftp.sendcmd("XYZZY"))
    check(ftp.pwd() == "/", "the session goes on after an unknown command")
    # CWD to a missing folder would be 550: a 500 shows the line itself was refused.
    expect_error("a command line over 4096 bytes gets 500", ("500",), lambda: ftp.sendcmd("CWD " + "a" * (MAX_LINE + 100)))
    # Exactly one reply for the long line: a second one (say, for the rest of the line) would answer this PWD.
    try:
        pwd = ftp.pwd()
    except ftplib.Error as e:
        fail("the long line gets exactly one reply", f"PWD was answered by {e}")
    check(pwd == "/", "the session goes on after the long line, in step", pwd)
    check(ftp.sendcmd("NOOP").startswith("200"), "NOOP after the long line gets 200")


def refused_port(ftp, name, command, listener):
    expect_error(name, ("5",), lambda: ftp.sendcmd(command))
    # The refused address must never be connected to, not even by a later transfer command.
    try:
        reply = ftp.sendcmd("LIST")
        fail(name + ": LIST after the refusal opens no data connection", repr(reply))
    except Exception as e:  # error_temp/error_perm: 425 or 503 are both right.
        check(str(e)[:1] in ("4", "5"), name + ": LIST after the refusal opens no data connection", str(e))
    ftp.sendcmd("NOOP")
    if listener is not None:
        listener.settimeout(0.0)
        try:
            connection, peer = listener.accept()
            connection.close()
            fail(name + ": no connection was made", f"the server connected from {peer}")
        except BlockingIOError:
            check(True, name + ": no connection was made")


def port_bounces(args, ftp):
    if ":" in args.host:
        # An IPv6 client asking for an IPv4 address is a bounce too.
        expect_error("EPRT to an address other than the client's is refused", ("5",),
                     lambda: ftp.sendcmd("EPRT |1|127.0.0.2|2121|"))
        return
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.2", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    refused_port(ftp, "PORT to another address (127.0.0.2) is refused", f"PORT 127,0,0,2,{port >> 8},{port & 255}", listener)
    refused_port(ftp, "EPRT to another address (127.0.0.2) is refused", f"EPRT |1|127.0.0.2|{port}|", listener)
    listener.close()
    refused_port(ftp, "PORT to port 80 is refused", "PORT 127,0,0,1,0,80", None)
    expect_error("a malformed PORT gets 501", ("501",), lambda: ftp.sendcmd("PORT 127,0,0,1,300"))


def main():
    args = parse_args(__doc__)
    print("mode:", mode_name(args), flush=True)
    before_login(args)
    wrong_password(args)
    ftp = connect(args)
    unknown_and_long_commands(ftp)
    port_bounces(args, ftp)
    check(ftp.pwd() == "/", "the session still works after every refusal")
    ftp.quit()
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
