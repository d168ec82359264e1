using System.Net;
using Ferry.Core.Net;

namespace Ferry.Ftp.Session;

/// <summary>Who is on the other end of a control connection, in the normalised form every check uses.</summary>
public sealed record FtpConnectionInfo(string Id, IPEndPoint Remote, IPEndPoint Local)
{
    /// <summary>The client's address, normalised once (IPv4-mapped IPv6 unmapped, scope id dropped).</summary>
    public IPAddress ClientAddress { get; } = Core.Net.ClientAddress.Normalize(Remote.Address);

    /// <summary>The server address the client reached, normalised the same way.</summary>
    public IPAddress LocalAddress { get; } = Core.Net.ClientAddress.Normalize(Local.Address);

    /// <summary>The control connection was TLS from its first byte (the implicit FTPS port): AUTH is refused and data is protected by default.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>The host name the client sent in its TLS hello (SNI) on the implicit port; null when none. It chooses the virtual site.</summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// Sends the control connection's held-back acknowledgement at once (Core's TcpAcknowledgements,
    /// on its socket); null when the transport is no socket of ours to tune (tests' in-memory pipes).
    /// </summary>
    public Action? AcknowledgePromptly { get; init; }
}
