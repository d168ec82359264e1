using Ferry.Core.Paths;
using Ferry.WebDav.Paths;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>The target of a COPY or MOVE: the account path its Destination header names, or the status that refuses it.</summary>
internal readonly record struct Destination(VfsPath? Path, int Status, string? Reason)
{
    /// <summary>
    /// Reads the Destination header (RFC 4918 10.3): an absolute URI or an absolute path, decoded once
    /// like the request URL (<see cref="DavPaths"/>). 400 when it is missing or no path; 502 Bad Gateway
    /// when it names another server (another scheme, host or port than the request's) or a place
    /// outside the prefix, which this server does not serve (9.8.5).
    /// </summary>
    public static Destination Parse(DavRequest request)
    {
        var values = request.Http.Request.Headers["Destination"];
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return Refused(StatusCodes.Status400BadRequest, "COPY and MOVE need one Destination header.");
        }

        if (!DavPaths.TrySplitTarget(values[0]!.Trim(), out var scheme, out var authority, out var rawPath))
        {
            return Refused(StatusCodes.Status400BadRequest, "The Destination is neither an absolute URI nor an absolute path.");
        }

        if (authority is not null && !IsThisServer(request.Http.Request, scheme!, authority))
        {
            return Refused(StatusCodes.Status502BadGateway, "The Destination is on another server.");
        }

        return DavPaths.TryDecode(rawPath, request.Options.Prefix, out var path) switch
        {
            PathOutcome.Decoded => new Destination(path, 0, null),
            PathOutcome.OutsidePrefix => Refused(StatusCodes.Status502BadGateway, $"The Destination is outside {request.Options.Prefix}, which this server does not serve."),
            _ => Refused(StatusCodes.Status400BadRequest, "The Destination is not a valid name: dot segments, encoded slashes, backslashes, control characters and invalid UTF-8 are refused."),
        };
    }

    /// <summary>Same scheme, and the same host and port as the request's Host (the port a scheme implies when none is written).</summary>
    private static bool IsThisServer(HttpRequest request, string scheme, string authority)
    {
        if (!string.Equals(scheme, request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = new HostString(authority);
        var own = request.Host;
        var defaultPort = request.IsHttps ? 443 : 80;
        return string.Equals(given.Host, own.Host, StringComparison.OrdinalIgnoreCase)
            && (given.Port ?? defaultPort) == (own.Port ?? defaultPort);
    }

    private static Destination Refused(int status, string reason) => new(null, status, reason);
}
