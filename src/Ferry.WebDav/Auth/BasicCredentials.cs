using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Ferry.WebDav.Auth;

/// <summary>The name and password of an Authorization: Basic header (RFC 7617), read as UTF-8.</summary>
public sealed record BasicCredentials(string UserName, string Password)
{
    /// <summary>
    /// The longest header value read. A Basic value is base64 of "name:password": account names are
    /// at most 64 characters and no real password needs kilobytes.
    /// </summary>
    public const int MaxHeaderLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryParse(string? header, [NotNullWhen(true)] out BasicCredentials? credentials)
    {
        credentials = null;
        if (header is null || header.Length > MaxHeaderLength)
        {
            return false;
        }

        var space = header.IndexOf(' ');
        if (space <= 0 || !header.AsSpan(0, space).Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(Convert.FromBase64String(header[(space + 1)..].Trim()));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        credentials = new BasicCredentials(decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }

    /// <summary>Never the password: records print their members.</summary>
    public override string ToString() => $"BasicCredentials {{ UserName = {UserName} }}";
}
