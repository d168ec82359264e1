namespace Ferry.Cli;

public static class Usage
{
    public const string Main = """
        Ferry: an FTP server (RFC 959), with active and passive data connections and FTPS
        (RFC 4217: explicit AUTH TLS, and implicit TLS on a port of its own), and WebDAV
        (RFC 4918) over HTTPS and HTTP on the same files and accounts.

        Usage:
          ferry serve [options]            run the server (ferry serve --help lists the options)
          ferry account add NAME [options] add an account to the embedded store
          ferry account list               list the accounts
          ferry account passwd NAME        set a new password
          ferry account remove NAME        remove an account
          ferry account hash               print a password hash for an account in ferry.json
          ferry tls fingerprint            the SHA-256 and SHA-1 fingerprints of the TLS certificate
          ferry status                     the running server's sessions (via its admin endpoint)
          ferry session kill ID            disconnect a session (FTP clients get 421)
          ferry ban list                   addresses banned for failed logons
          ferry ban remove ADDRESS         lift a ban
          ferry --version

        Configuration: ferry.json in the working folder (or --config FILE), then environment
        variables FERRY__SECTION__KEY, then command-line flags. See docs/configuration.md.
        """;

    public const string Serve = """
        Usage: ferry serve [options]

        With no options Ferry creates ./ferry-data, serves ./ferry-data/files over FTP on port 2121
        (all addresses, IPv4 and IPv6) with passive ports 20000-21999, offers AUTH TLS with a
        self-signed certificate it makes once (DATA/tls; its fingerprint is logged at start-up), serves
        the same files over WebDAV on https://HOST:8443/ (same certificate) and http://HOST:8080/
        (passwords over plain HTTP only from this machine), and creates a first account whose
        password it shows once and writes to a file readable only by you.

        Options:
          --root DIR               the folder to serve (default: DATA/files)
          --user NAME:PASSWORD     an account with full rights on the root, for this run only;
                                   repeatable. The password may be env:VARIABLE or file:PATH
                                   to read it from an environment variable or a file.
          --ftp-port N             FTP control port (default 2121; 21 needs CAP_NET_BIND_SERVICE)
          --passive-ports LOW-HIGH passive data port range (default 20000-21999)
          --public-address ADDR    the IPv4 address put in 227 replies (for NAT)
          --listen ADDRESS         listen on this address only; repeatable (default: all)
          --data DIR               data folder: account store, generated password (default ./ferry-data)
          --config FILE            configuration file (default ./ferry.json if present)
          --anonymous DIR          allow read-only anonymous logon, serving DIR
          --tls MODE               Disabled, Explicit (AUTH TLS offered; default) or Required
                                   (logons and data must use TLS)
          --tls-cert FILE          TLS certificate: PEM (with its chain) or .pfx (default: self-signed)
          --tls-key FILE           the PEM private key, when not in the --tls-cert file
          --implicit-port N        also serve implicit FTPS (TLS from the first byte) on port N
                                   (traditionally 990; default: none)
          --webdav-port N          WebDAV over plain HTTP (default 8080; 0 = off)
          --webdavs-port N         WebDAV over HTTPS (default 8443; 0 = off)
          --log-level LEVEL        Trace, Debug, Information, Warning, Error (default Information)
        """;

    public const string Account = """
        Usage:
          ferry account add NAME [--home DIR] [--permissions LIST] [password source]
          ferry account list
          ferry account passwd NAME [password source]
          ferry account remove NAME
          ferry account hash [password source]   print a hash for "PasswordHash" in ferry.json

        Password source (one of; default: ask on the terminal, or generate when there is none):
          --password-env VARIABLE  read the password from an environment variable
          --password-file FILE     read the password from the first line of a file
          --generate               generate a strong password and print it once

        NAME is 1-64 ASCII letters, digits and . _ - @, starting with a letter, digit or _ and not
        ending with a dot (a name, never a path). --home DIR is the account's folder; a relative
        path is taken under the served root and may not lead out of it (default: a folder named
        after the account). --permissions is a comma-separated list of
        list, read, write, append, delete, rename, mkdir, settime, chmod, or all / readonly / none
        (default: all). Common: --data DIR, --config FILE.
        """;

    public static int Print(TextWriter output, int exitCode)
    {
        output.WriteLine(Main);
        return exitCode;
    }
}
