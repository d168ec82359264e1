using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.WebDav.Locking;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// MKCOL: makes a collection (RFC 4918 9.3). 201; 405 when something is at the URL already; 409
/// when the parent is missing; 415 for a body, since Ferry knows no MKCOL body type (9.3.1).
/// </summary>
public sealed class MkColMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (stat.Ok)
        {
            await DavAnswers.NotAllowedAsync(request, stat.Value!.IsDirectory ? DavTargets.Collection : DavTargets.File, "Something is at this URL already.").ConfigureAwait(false);
            return;
        }

        if (await HasBodyAsync(request.Http.Request, request.Aborted).ConfigureAwait(false))
        {
            await DavAnswers.StatusAsync(request, StatusCodes.Status415UnsupportedMediaType, "MKCOL takes no body.").ConfigureAwait(false);
            return;
        }

        var locked = await WriteGuard.CheckWriteAsync(request, request.Path, LockDepth.Zero).ConfigureAwait(false)
            ?? await WriteGuard.CheckWriteAsync(request, request.Path.Parent, LockDepth.Zero).ConfigureAwait(false);
        if (locked is { } lockedStatus)
        {
            DavAnswers.Status(request, lockedStatus);
            return;
        }

        var made = await request.Files.CreateDirectoryAsync(request.Path, request.Aborted).ConfigureAwait(false);
        switch (made.Error)
        {
            case FileError.None:
                DavAnswers.Status(request, StatusCodes.Status201Created);
                break;
            case FileError.NotFound or FileError.NotADirectory:
                await DavAnswers.StatusAsync(request, StatusCodes.Status409Conflict, "The parent collection does not exist: create it first.").ConfigureAwait(false);
                break;
            case FileError.Exists:
                await DavAnswers.NotAllowedAsync(request, DavTargets.Collection, "Something is at this URL already.").ConfigureAwait(false);
                break;
            default:
                await DavAnswers.FailedAsync(request, made.Error).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A body is announced by a Content-Length above 0, or is chunked and has a first byte.</summary>
    private static async Task<bool> HasBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        if (request.Headers.TransferEncoding.Count == 0)
        {
            return false;
        }

        var probe = new byte[1];
        return await request.Body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }
}
