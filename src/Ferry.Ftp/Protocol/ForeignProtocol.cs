namespace Ferry.Ftp.Protocol;

/// <summary>
/// Recognises the first line of another text protocol sent to the FTP port: an HTTP request line
/// (a browser made to POST to the port, whose body would then run as FTP commands: cross-protocol
/// scripting, ALPACA), an SMTP client's greeting or envelope, an SSH client's identification.
/// Only asked about lines whose verb the command table does not know, so no FTP verb, present or
/// future, can ever be taken for one.
/// </summary>
internal static class ForeignProtocol
{
    // RFC 9110 section 9 and RFC 5789 (PATCH); PRI is HTTP/2's connection preface (RFC 9113 3.4).
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE", "CONNECT", "PATCH", "TRACE", "PRI"];

    /// <summary>"HTTP", "SMTP" or "SSH" when <paramref name="line"/> is that protocol's request; otherwise null.</summary>
    public static string? Detect(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.AsSpan().TrimStart(' ');
        if (IsHttpRequestLine(text))
        {
            return "HTTP";
        }

        // RFC 5321 4.1.1: a client opens with EHLO or HELO; MAIL FROM: and RCPT TO: start a message.
        // Verbs alone (MAIL, DATA, RSET) are not enough: a person typing at the port may mean anything.
        var space = text.IndexOf(' ');
        var verb = space < 0 ? text : text[..space];
        if (verb.Equals("EHLO", StringComparison.OrdinalIgnoreCase)
            || verb.Equals("HELO", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("MAIL FROM:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase))
        {
            return "SMTP";
        }

        // RFC 4253 4.2: the identification string an SSH client sends first.
        return text.StartsWith("SSH-2.0-", StringComparison.Ordinal) || text.StartsWith("SSH-1.99-", StringComparison.Ordinal)
            ? "SSH"
            : null;
    }

    /// <summary>RFC 9112 section 3: method SP request-target SP HTTP-version, the version being "HTTP/" and a digit.</summary>
    private static bool IsHttpRequestLine(ReadOnlySpan<char> text)
    {
        var firstSpace = text.IndexOf(' ');
        var lastSpace = text.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return false;
        }

        var method = text[..firstSpace];
        var version = text[(lastSpace + 1)..];
        if (version.Length < 6 || !version.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) || !char.IsAsciiDigit(version[5]))
        {
            return false;
        }

        foreach (var known in HttpMethods)
        {
            if (method.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
