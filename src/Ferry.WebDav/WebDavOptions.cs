namespace Ferry.WebDav;

/// <summary>How WebDAV is served. Immutable; bound by the host from configuration.</summary>
public sealed record WebDavOptions
{
    /// <summary>
    /// Where the tree is served in URL space: "/" (the default) or a prefix such as "/dav/". Always
    /// starts and ends with "/". Requests outside it get 404.
    /// </summary>
    public string Prefix { get; init; } = "/";

    /// <summary>
    /// PROPFIND with Depth: infinity walks a whole tree in one request: refused (403 with
    /// propfind-finite-depth, RFC 4918 9.1) unless enabled, as Apache and IIS do by default.
    /// </summary>
    public bool AllowInfiniteDepth { get; init; }

    /// <summary>
    /// Basic credentials over plain HTTP are accepted from these clients. A password sent in the
    /// clear is what the IIS article warns about; Windows itself refuses Basic over HTTP.
    /// </summary>
    public PlainHttpLogon PlainHttpLogon { get; init; } = PlainHttpLogon.LoopbackOnly;

    /// <summary>The HTTPS port a refused plain-HTTP client is sent to (0 when HTTPS is off).</summary>
    public int HttpsPort { get; init; }

    /// <summary>
    /// A GET over plain HTTP of a local file from a client on this machine is read into Kestrel's
    /// buffers instead of sent by the kernel's sendfile, which costs such a client (and the server)
    /// more; other clients keep sendfile. On where it was measured, Linux (see <see cref="Core.Net.LocalPeer"/>).
    /// </summary>
    public bool CopyToLocalClients { get; init; } = Core.Net.LocalPeer.CopyByDefault;

    /// <summary>The realm in WWW-Authenticate; clients show it in their password prompt.</summary>
    public string Realm { get; init; } = "Ferry";

    /// <summary>
    /// The largest XML request body (PROPFIND, PROPPATCH, LOCK) read, in bytes. Real clients send a
    /// few KiB; a bound keeps a hostile body from filling memory.
    /// </summary>
    public int MaxXmlBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest element nesting accepted in a request body: real bodies nest 4-6 deep.</summary>
    public int MaxXmlDepth { get; init; } = 64;

    /// <summary>Most elements accepted in a request body: a PROPPATCH of Windows' properties has a few dozen.</summary>
    public int MaxXmlElements { get; init; } = 10_000;

    /// <summary>The normalised prefix ("/" or "/x/"); throws for one that is no path.</summary>
    public static string NormalizePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim('/');
        if (trimmed.Length == 0)
        {
            return "/";
        }

        // Requests are matched against the prefix as raw, still-escaped text (DavPaths.TryDecode) and it
        // goes into hrefs as it is, so it may hold only characters a URL path carries unescaped: a
        // "/my files/" or "/données/" would be accepted here and then never match a request.
        if (trimmed.Split('/').Any(part => part is "" or "." or ".." || part.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~'))))
        {
            throw new ArgumentException($"'{prefix}' is not a URL path prefix such as /dav/ (ASCII letters, digits, '-', '.', '_' and '~' between slashes).", nameof(prefix));
        }

        return "/" + trimmed + "/";
    }
}

/// <summary>Who may send a password over plain HTTP.</summary>
public enum PlainHttpLogon
{
    /// <summary>Only clients on this machine (127.0.0.0/8, ::1); everyone else is sent to HTTPS.</summary>
    LoopbackOnly,

    /// <summary>Anyone (an administrator's choice, for a network where the traffic cannot be read).</summary>
    Allowed,

    /// <summary>No one, not even from loopback: every logon needs HTTPS (TLS is required everywhere).</summary>
    Never,
}
