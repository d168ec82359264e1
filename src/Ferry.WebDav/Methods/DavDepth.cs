using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>The Depth header (RFC 4918 10.2): 0, 1 or infinity.</summary>
internal enum DavDepth
{
    Zero,
    One,
    Infinity,

    /// <summary>Present but none of the three: the method answers 400.</summary>
    Invalid,
}

internal static class DepthHeader
{
    /// <summary>The request's Depth, or null when it has none (each method has its own default).</summary>
    public static DavDepth? Parse(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers["Depth"];
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count != 1 ? DavDepth.Invalid : values.ToString().Trim() switch
        {
            "0" => DavDepth.Zero,
            "1" => DavDepth.One,
            var text when text.Equals("infinity", StringComparison.OrdinalIgnoreCase) => DavDepth.Infinity,
            _ => DavDepth.Invalid,
        };
    }
}
