using System.Text;
using Ferry.Core.Paths;

namespace Ferry.WebDav.Paths;

/// <summary>
/// Turns URL paths into account paths and back. A path is percent-decoded exactly once, from the
/// raw request target (never from a path the server already decoded), and anything that could
/// mean something other than a plain name is refused rather than interpreted: "." and ".."
/// segments (also as %2e%2e), an encoded "/" (%2f), backslashes, control characters, malformed
/// escapes and bytes that are not UTF-8 (overlong forms included). So no spelling of a path leads
/// out of the account's root, and every spelling of one name reaches the same file.
/// </summary>
public static class DavPaths
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The account path that <paramref name="rawPath"/> (the path part of a raw request target,
    /// without query) names below <paramref name="prefix"/>. <see cref="PathOutcome.OutsidePrefix"/>
    /// when it is not under the prefix, <see cref="PathOutcome.Invalid"/> when it cannot be a name.
    /// </summary>
    public static PathOutcome TryDecode(string rawPath, string prefix, out VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(prefix);
        path = VfsPath.Root;
        if (!rawPath.StartsWith('/'))
        {
            return PathOutcome.Invalid;
        }

        // The prefix is matched on the raw text: it is plain ASCII without escapes (see WebDavOptions).
        // "/dav" without its slash names the prefix's root too.
        string rest;
        if (rawPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            rest = rawPath[prefix.Length..];
        }
        else if (rawPath.Length == prefix.Length - 1 && prefix.StartsWith(rawPath, StringComparison.Ordinal))
        {
            rest = "";
        }
        else
        {
            return PathOutcome.OutsidePrefix;
        }

        var segments = new List<string>();
        foreach (var raw in rest.Split('/'))
        {
            if (raw.Length == 0)
            {
                // "a//b" and a trailing "/" (a collection) add no name.
                continue;
            }

            if (Decode(raw) is not { } name || !VfsPath.IsAddressableName(name) || name is "." or ".." || name.Contains('\\'))
            {
                return PathOutcome.Invalid;
            }

            segments.Add(name);
        }

        return segments.Count == 0 || VfsPath.TryResolve("/" + string.Join('/', segments), VfsPath.Root, out path)
            ? PathOutcome.Decoded
            : PathOutcome.Invalid;
    }

    /// <summary>
    /// The path part of a request target or Destination value: the text itself when it starts with
    /// "/", the part after the authority for an absolute URI; the query and fragment cut off.
    /// <paramref name="authority"/> is the URI's host[:port] (null for a path alone).
    /// </summary>
    public static bool TrySplitTarget(string target, out string? scheme, out string? authority, out string rawPath)
    {
        ArgumentNullException.ThrowIfNull(target);
        scheme = null;
        authority = null;
        rawPath = "";
        var text = target;
        var cut = text.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        if (text.StartsWith('/'))
        {
            rawPath = text;
            return true;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        scheme = text[..schemeEnd];
        var afterScheme = text[(schemeEnd + 3)..];
        var slash = afterScheme.IndexOf('/');
        authority = slash < 0 ? afterScheme : afterScheme[..slash];
        rawPath = slash < 0 ? "/" : afterScheme[slash..];
        return authority.Length > 0;
    }

    /// <summary>The URL path of an account path under <paramref name="prefix"/>, escaped; a collection ends with "/".</summary>
    public static string Href(string prefix, VfsPath path, bool isCollection)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot)
        {
            return prefix;
        }

        var builder = new StringBuilder(prefix, prefix.Length + path.Value.Length + 16);
        for (var i = 0; i < path.Segments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(Uri.EscapeDataString(path.Segments[i]));
        }

        return isCollection ? builder.Append('/').ToString() : builder.ToString();
    }

    /// <summary>One segment percent-decoded once as strict UTF-8; null for a malformed escape, an encoded "/" or bytes that are not UTF-8.</summary>
    private static string? Decode(string segment)
    {
        if (!segment.Contains('%'))
        {
            return segment;
        }

        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c != '%')
            {
                if (c > 0x7F)
                {
                    // Raw non-ASCII in a URL is not what HTTP sends; Kestrel would have refused it.
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                    continue;
                }

                bytes.Add((byte)c);
                continue;
            }

            if (i + 2 >= segment.Length || !IsHex(segment[i + 1]) || !IsHex(segment[i + 2]))
            {
                return null;
            }

            var value = (byte)Convert.ToInt32(segment.Substring(i + 1, 2), 16);
            if (value == '/')
            {
                return null;
            }

            bytes.Add(value);
            i += 2;
        }

        try
        {
            return StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}

/// <summary>What <see cref="DavPaths.TryDecode"/> found.</summary>
public enum PathOutcome
{
    Decoded,
    OutsidePrefix,
    Invalid,
}
