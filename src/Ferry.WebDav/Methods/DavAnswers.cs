using Ferry.Core.Files;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>The short answers the method handlers share: a status with a one-line reason, and 405 with its Allow header.</summary>
internal static class DavAnswers
{
    /// <summary>A status with a one-line text body saying why (browsers and command-line clients show it).</summary>
    public static Task StatusAsync(DavRequest request, int status, string reason) =>
        WebDavServer.PlainAsync(request.Http, status, reason);

    /// <summary>A status with an empty body (2xx answers, 304, 412: nothing to explain).</summary>
    public static void Status(DavRequest request, int status)
    {
        request.Http.Response.StatusCode = status;
        if (status != StatusCodes.Status304NotModified)
        {
            request.Http.Response.ContentLength = 0;
        }
    }

    /// <summary>405 for a method that does not apply to the resource's state; Allow says which do (RFC 9110 15.5.6).</summary>
    public static Task NotAllowedAsync(DavRequest request, DavTargets state, string reason)
    {
        request.Http.Response.Headers.Allow = request.Methods.AllowFor(state);
        return StatusAsync(request, StatusCodes.Status405MethodNotAllowed, reason);
    }

    /// <summary>The status of a failed file operation, with the error named.</summary>
    public static Task FailedAsync(DavRequest request, FileError error) =>
        FailedAsync(request, error, DavStatus.For(error));

    /// <summary>A failed file operation answered with <paramref name="status"/> (where the method gives the error another meaning).</summary>
    public static Task FailedAsync(DavRequest request, FileError error, int status) =>
        StatusAsync(request, status, error == FileError.Quota && request.Files.TakeQuotaRefusal() is { } quota
            ? Sentence(quota) // the account's quota rather than a full disk: say how full
            : error is FileError.Filtered or FileError.TooLarge && request.Files.TakeFilterRefusal() is { } filtered
            ? Sentence(filtered) // the request filter's own words: which file type or size
            : Reason(error));

    private static string Sentence(string words) => $"{char.ToUpperInvariant(words[0])}{words[1..]}.";

    /// <summary>What a client is told about a <see cref="FileError"/>: plain words, no server detail.</summary>
    public static string Reason(FileError error) => error switch
    {
        FileError.NotFound => "Nothing is at this URL.",
        FileError.Exists => "Something is at this URL already.",
        FileError.Denied => "This account may not do that here.",
        FileError.Quota => "There is no room left for this file.",
        FileError.NotEmpty => "The folder is not empty.",
        FileError.Locked => "The resource is locked.",
        FileError.Unsupported => "The storage cannot do that.",
        FileError.InvalidName => "That name cannot be used here.",
        FileError.NotADirectory => "A folder on the way does not exist or is a file.",
        FileError.IsADirectory => "The URL names a folder.",
        FileError.Unavailable => "The storage is unavailable; try again later.",
        FileError.Filtered => "Files of this type are not allowed here.",
        FileError.TooLarge => "The file would be larger than this server allows.",
        FileError.CrossesMount => "The destination lies across a mount point, in another storage: COPY the resource there, then DELETE it here.",
        _ => "The operation failed.",
    };
}
