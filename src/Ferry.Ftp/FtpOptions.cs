using System.Net;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp;

/// <summary>How directory listings look: Unix `ls -l` (what most clients parse) or MS-DOS (IIS's other style).</summary>
public enum ListStyle
{
    Unix,
    MsDos,
}

/// <summary>Everything the FTP engine is told by configuration. Immutable; passed in, never global.</summary>
public sealed record FtpOptions
{
    public string Banner { get; init; } = "Ferry FTP server ready.";

    /// <summary>
    /// Lines shown above "230 User logged in." (IIS's greetingMessage); null: none. May hold
    /// <see cref="Session.MessageVariables"/> such as %UserName%.
    /// </summary>
    public string? Greeting { get; init; }

    /// <summary>The 221 text after QUIT (IIS's exitMessage); null: "Goodbye.". May hold %BytesSent% and the other variables.</summary>
    public string? ExitMessage { get; init; }

    /// <summary>The 421 text when the server has as many connections as it allows (IIS's maxClientsMessage); null: Ferry's sentence with the limit.</summary>
    public string? MaxClientsMessage { get; init; }

    /// <summary>Passive ports are drawn at random from this range. Default below Linux's ephemeral range 32768-60999.</summary>
    public int PassivePortLow { get; init; } = 20000;

    public int PassivePortHigh { get; init; } = 21999;

    /// <summary>
    /// When every passive port is taken, PASV waits this long for one to free up before answering
    /// 425. A burst of sessions larger than the range (2,000 devices at once) then queues for a
    /// moment instead of failing; ten seconds stays far below any client's own reply timeout.
    /// </summary>
    public TimeSpan PassivePortWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The address put in 227 replies when the server sits behind NAT; null = the control connection's local address.</summary>
    public IPAddress? PublicAddress { get; init; }

    /// <summary>Source port for active-mode connections; 0 = any. 20 is tradition and needs the right to bind low ports.</summary>
    public int ActiveSourcePort { get; init; }

    /// <summary>How long a client has to log on after connecting, so that idle half-open sessions cannot pile up.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An idle logged-on session is closed (421) after this; the clock stops while a transfer runs.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for the data connection after PORT/PASV before telling the client why it failed.</summary>
    public TimeSpan DataConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A transfer in which no byte moves for this long is ended with 426.</summary>
    public TimeSpan DataStallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public ListStyle ListStyle { get; init; } = ListStyle.Unix;

    /// <summary>Active mode to a port below 1024 is refused (RFC 2577 section 3: bounce attacks on well-known services).</summary>
    public bool AllowActiveToPrivilegedPorts { get; init; }

    /// <summary>Active mode to an address other than the client's is refused (RFC 2577: FTP bounce).</summary>
    public bool AllowActiveToOtherHosts { get; init; }

    /// <summary>
    /// Failed logons one connection may make before it is closed (vsftpd's max_login_fails): a
    /// guesser must reconnect, which the connection limits and the ban list see. Three, as vsftpd.
    /// </summary>
    public int MaxLogonFailures { get; init; } = 3;

    /// <summary>
    /// HASH reads at most this many bytes per second per session (0: no bound). Hashing moves no
    /// data, so nothing else slows a client that asks for it in a loop; SHA-256 runs at about
    /// 0.5-2 GB/s on one core, and 64 MiB/s keeps one session's HASH to a small share of a core
    /// while a 1 GiB file still hashes in 16 seconds.
    /// </summary>
    public long HashBytesPerSecond { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// A binary download of a local file to a client on this machine is copied through a buffer
    /// instead of sent by the kernel's sendfile, which costs such a client (and the server) more, and
    /// a binary upload from one is received into a buffer instead of spliced (see <see cref="Data.CopyBuffer"/>);
    /// other clients keep sendfile and splice. On where it was measured, Linux (see <see cref="Core.Net.LocalPeer"/>).
    /// </summary>
    public bool CopyToLocalClients { get; init; } = Core.Net.LocalPeer.CopyByDefault;

    /// <summary>FTPS (RFC 4217): disabled unless the host gives a mode and a certificate.</summary>
    public FtpTlsOptions Tls { get; init; } = FtpTlsOptions.Disabled;
}
