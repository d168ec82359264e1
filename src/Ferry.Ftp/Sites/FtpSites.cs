using System.Collections.Frozen;
using System.Net;

namespace Ferry.Ftp.Sites;

/// <summary>
/// The virtual sites of a server, found by host name: what HOST, IIS's <c>USER site|name</c> and the
/// TLS server name (SNI) select. Immutable; built once by the host. A server without sites has
/// <see cref="None"/>, and every session uses the server's own accounts, banner and certificate.
/// </summary>
public sealed class FtpSites
{
    private readonly FrozenDictionary<string, FtpSite> _byName;

    /// <exception cref="ArgumentException">Two sites share a host name.</exception>
    public FtpSites(IEnumerable<FtpSite> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        All = [.. sites];
        var byName = new Dictionary<string, FtpSite>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in All)
        {
            foreach (var name in site.HostNames)
            {
                if (!byName.TryAdd(Normalize(name), site))
                {
                    throw new ArgumentException($"Two sites are named '{name}'.", nameof(sites));
                }
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public static FtpSites None { get; } = new([]);

    public IReadOnlyList<FtpSite> All { get; }

    public bool IsEmpty => All.Count == 0;

    /// <summary>
    /// The site a host name selects; null when none does. Case does not matter, nor a final dot
    /// ("ftp.example.com." is the same DNS name).
    /// </summary>
    public FtpSite? Find(string? hostName) =>
        string.IsNullOrEmpty(hostName) ? null : _byName.GetValueOrDefault(Normalize(hostName));

    /// <summary>
    /// True when <paramref name="hostName"/> is an address literal ("192.0.2.1", "[2001:db8::1]"): RFC 7151
    /// lets a client that knows only the address send it, and it names the server itself, not a site.
    /// </summary>
    public static bool IsAddressLiteral(string hostName)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var text = hostName.Length > 2 && hostName[0] == '[' && hostName[^1] == ']' ? hostName[1..^1] : hostName;
        // IPAddress.TryParse also reads "1" or "1.2" as IPv4 addresses; only the dotted quad is an address here.
        return IPAddress.TryParse(text, out _) && (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3);
    }

    private static string Normalize(string hostName) => hostName.TrimEnd('.');
}
