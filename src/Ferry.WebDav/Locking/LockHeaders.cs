using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ferry.Core.Access.Locks;

namespace Ferry.WebDav.Locking;

/// <summary>The request headers of LOCK and UNLOCK: Depth, Timeout (RFC 4918 10.7) and Lock-Token (10.5).</summary>
public static class LockHeaders
{
    /// <summary>
    /// The largest Second-n RFC 4918 10.7 allows (2^32 - 1); the lock manager cuts any request to
    /// its own maximum anyway.
    /// </summary>
    private const long MaxTimeoutSeconds = uint.MaxValue;

    /// <summary>
    /// The lifetime a Timeout header asks for: the first entry of its list that this server
    /// understands ("Second-n", "Infinite"), <see cref="Timeout.InfiniteTimeSpan"/> for Infinite or
    /// when no entry is understood (the lock manager then grants its longest). Second-0 asks for the
    /// shortest lock there is: one second.
    /// </summary>
    public static TimeSpan ParseTimeout(string? value)
    {
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(entry, "Infinite", StringComparison.OrdinalIgnoreCase))
            {
                return Timeout.InfiniteTimeSpan;
            }

            if (entry.StartsWith("Second-", StringComparison.OrdinalIgnoreCase)
                && entry.Length > "Second-".Length
                && !entry.AsSpan("Second-".Length).ContainsAnyExceptInRange('0', '9'))
            {
                var digits = entry["Second-".Length..].TrimStart('0');
                var seconds = digits.Length == 0 ? 1
                    : digits.Length > 10 ? MaxTimeoutSeconds
                    : Math.Min(long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture), MaxTimeoutSeconds);
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return Timeout.InfiniteTimeSpan;
    }

    /// <summary>The token of a Lock-Token header: a Coded-URL, "&lt;" absolute URI "&gt;"; false for anything else.</summary>
    public static bool TryParseLockToken(string? value, [NotNullWhen(true)] out string? token)
    {
        token = null;
        var text = value?.Trim();
        if (text is not { Length: > 2 } || text[0] != '<' || text[^1] != '>')
        {
            return false;
        }

        var inner = text[1..^1];
        if (inner.Any(c => c is '<' or '>' or ' ' or '\t' || char.IsControl(c)) || !IfHeader.IsAbsoluteUri(inner))
        {
            return false;
        }

        token = inner;
        return true;
    }
}
