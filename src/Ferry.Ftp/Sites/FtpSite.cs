using Ferry.Core.Access;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Sites;

/// <summary>
/// One virtual FTP site on the server's address and port (RFC 7151 HOST): the host name a client
/// names it by, and what that choice changes for the session. The FTP engine needs no more; the
/// site's storage root and accounts sit behind its <see cref="Access"/> service, built by the host.
/// Bans, connection limits, ports and timeouts stay the server's.
/// </summary>
/// <param name="Name">The host name HOST carries (compared without regard to case), also the "site" of IIS's <c>USER site|name</c>.</param>
/// <param name="Access">Signs in the site's own accounts onto the site's own storage; <see cref="AccessService.Site"/> is <paramref name="Name"/>.</param>
public sealed record FtpSite(string Name, AccessService Access)
{
    /// <summary>Other host names of the same site (www.example.com beside example.com).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The 220 text after HOST (and at connection, when TLS's SNI chose the site); null: the server's banner.</summary>
    public string? Banner { get; init; }

    /// <summary>The lines above 230 for this site's logons; null: the server's <see cref="FtpOptions.Greeting"/>.</summary>
    public string? Greeting { get; init; }

    /// <summary>The 221 text for this site's sessions; null: the server's <see cref="FtpOptions.ExitMessage"/>.</summary>
    public string? ExitMessage { get; init; }

    /// <summary>
    /// The server's FTPS options with this site's certificate; null: the server's certificate. The
    /// mode and protocol floor are the server's: one port cannot be Required for one name and not another.
    /// </summary>
    public FtpTlsOptions? Tls { get; init; }

    /// <summary>The name and aliases: every host name that selects the site.</summary>
    public IEnumerable<string> HostNames => Aliases.Prepend(Name);
}
