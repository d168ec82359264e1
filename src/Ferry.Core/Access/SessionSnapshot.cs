using System.Net;
using Ferry.Core.Diagnostics;

namespace Ferry.Core.Access;

/// <summary>A session as the administrator's session list shows it, copied at one moment.</summary>
/// <param name="User">The signed-in account; null before logon.</param>
/// <param name="Command">The last command (FTP) or request (HTTP), secrets masked; null before the first.</param>
/// <param name="Transfer">The running file transfer; null when none.</param>
public sealed record SessionSnapshot(
    long Id,
    string Protocol,
    IPAddress ClientAddress,
    DateTimeOffset ConnectedAt,
    string? User,
    string? Command,
    TransferSnapshot? Transfer)
{
    /// <summary>What the client program calls itself (FTP's CLNT); null when it did not say.</summary>
    public string? Software { get; init; }

    /// <summary>The virtual site whose account is signed in (RFC 7151 HOST); null for the server's own accounts.</summary>
    public string? Site { get; init; }
}

/// <param name="Rate">Bytes per second, averaged since the start.</param>
public sealed record TransferSnapshot(string Path, TransferDirection Direction, DateTimeOffset StartedAt, long Bytes, double Rate);
