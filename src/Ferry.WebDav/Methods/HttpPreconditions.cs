using Ferry.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Ferry.WebDav.Methods;

/// <summary>
/// The HTTP conditional request headers (RFC 9110 13): If-Match, If-Unmodified-Since, If-None-Match,
/// If-Modified-Since, evaluated in the order 13.2.2 prescribes, and If-Range. One place for every
/// method: GET and HEAD answer 304 where the others answer 412. (The WebDAV If header is the lock
/// helper's, in <see cref="Locking.WriteGuard"/>.)
/// </summary>
public static class HttpPreconditions
{
    /// <summary>
    /// Null when the request may go ahead on <paramref name="current"/> (null: nothing is there);
    /// otherwise 304 Not Modified or 412 Precondition Failed. Dates are ignored for a collection: a
    /// folder's time does not change when a member's content does, so it cannot validate a listing.
    /// </summary>
    public static int? Evaluate(HttpRequest request, FileEntry? current)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var tag = current is null ? null : EntityTags.For(current);
        var dated = current is { IsDirectory: false };

        if (headers.ContainsKey(HeaderNames.IfMatch))
        {
            if (current is null || !Matches(headers.IfMatch, tag, strong: true))
            {
                return StatusCodes.Status412PreconditionFailed;
            }
        }
        else if (dated && DateOf(headers.IfUnmodifiedSince) is { } unmodifiedSince && Seconds(current!.LastModified) > unmodifiedSince)
        {
            return StatusCodes.Status412PreconditionFailed;
        }

        if (headers.ContainsKey(HeaderNames.IfNoneMatch))
        {
            if (current is not null && Matches(headers.IfNoneMatch, tag, strong: false))
            {
                return isRead ? StatusCodes.Status304NotModified : StatusCodes.Status412PreconditionFailed;
            }
        }
        else if (isRead && dated && DateOf(headers.IfModifiedSince) is { } modifiedSince && Seconds(current!.LastModified) <= modifiedSince)
        {
            return StatusCodes.Status304NotModified;
        }

        return null;
    }

    /// <summary>
    /// True when a Range header may be honoured for <paramref name="current"/>: there is no If-Range,
    /// or it names the current entity tag (strongly) or exactly the current modification date
    /// (RFC 9110 13.1.5). Otherwise the whole file is sent.
    /// </summary>
    public static bool RangeApplies(HttpRequest request, FileEntry current)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        var ifRange = request.Headers.IfRange.ToString().Trim();
        if (ifRange.Length == 0)
        {
            return true;
        }

        if (ifRange.StartsWith('"') || ifRange.StartsWith("W/", StringComparison.Ordinal))
        {
            return EntityTagHeaderValue.TryParse(ifRange, out var given)
                && EntityTags.For(current) is { } tag
                && given.Compare(new EntityTagHeaderValue(tag), useStrongComparison: true);
        }

        return DateOf(ifRange) is { } date && date == Seconds(current.LastModified);
    }

    /// <summary>HTTP dates have whole seconds: a file's time is compared at that precision.</summary>
    public static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    /// <summary>True when the list holds "*" (and something is there) or a tag that matches <paramref name="tag"/>; a list that does not parse matches nothing.</summary>
    private static bool Matches(StringValues header, string? tag, bool strong)
    {
        if (!EntityTagHeaderValue.TryParseList(header, out var given))
        {
            return false;
        }

        var current = tag is null ? null : new EntityTagHeaderValue(tag);
        foreach (var candidate in given)
        {
            if (candidate.Equals(EntityTagHeaderValue.Any) || (current is not null && candidate.Compare(current, strong)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The date of a date header; null when absent or not a valid HTTP date (which RFC 9110 says to ignore).</summary>
    private static DateTimeOffset? DateOf(StringValues header) =>
        header.Count == 1 && HeaderUtilities.TryParseDate(header.ToString(), out var date) ? date : null;
}
