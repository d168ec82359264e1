using Ferry.Core.Files;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav;

/// <summary>The one place a neutral <see cref="FileError"/> becomes an HTTP status (RFC 4918 where it says which).</summary>
public static class DavStatus
{
    /// <summary>Status 507 Insufficient Storage (RFC 4918 11.5).</summary>
    public const int InsufficientStorage = 507;

    /// <summary>Status 423 Locked (RFC 4918 11.3).</summary>
    public const int Locked = StatusCodes.Status423Locked;

    /// <summary>Status 424 Failed Dependency (RFC 4918 11.4).</summary>
    public const int FailedDependency = StatusCodes.Status424FailedDependency;

    /// <summary>Status 207 Multi-Status (RFC 4918 11.1).</summary>
    public const int MultiStatus = StatusCodes.Status207MultiStatus;

    public static int For(FileError error) => error switch
    {
        FileError.NotFound => StatusCodes.Status404NotFound,

        // A missing or non-folder parent is a conflict in WebDAV (RFC 4918 9.7.1, 9.3.1).
        FileError.NotADirectory => StatusCodes.Status409Conflict,
        FileError.Exists => StatusCodes.Status405MethodNotAllowed,
        FileError.Denied => StatusCodes.Status403Forbidden,
        FileError.Quota => InsufficientStorage,
        FileError.NotEmpty => StatusCodes.Status409Conflict,
        FileError.Locked => Locked,
        FileError.Unsupported => StatusCodes.Status501NotImplemented,
        FileError.InvalidName => StatusCodes.Status403Forbidden,
        FileError.IsADirectory => StatusCodes.Status409Conflict,
        FileError.Unavailable => StatusCodes.Status503ServiceUnavailable,
        FileError.Filtered => StatusCodes.Status403Forbidden,
        FileError.TooLarge => StatusCodes.Status413PayloadTooLarge,

        // RFC 4918 9.9.4: 502 when the destination is in a namespace the source cannot move into.
        FileError.CrossesMount => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The status line text for a status, as written in a multistatus response.</summary>
    public static string Line(int status) =>
        $"HTTP/1.1 {status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}";
}
