using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.WebDav.Locking;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// DELETE: a file, or a collection with everything in it (RFC 4918 9.6). 204 when all is gone; when
/// some members could not go (locked, denied), 207 naming each of them, the rest deleted. Dead
/// properties go with what went, and locks on it end.
/// </summary>
public sealed class DeleteMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        var stat = await request.Files.StatAsync(path, request.Aborted).ConfigureAwait(false);
        if (!stat.Ok)
        {
            await DavAnswers.FailedAsync(request, stat.Error, stat.Error == FileError.NotADirectory ? StatusCodes.Status404NotFound : DavStatus.For(stat.Error)).ConfigureAwait(false);
            return;
        }

        var entry = stat.Value!;
        if (path.IsRoot)
        {
            // Checked before the walk, which would otherwise empty the account's home before failing on it.
            await DavAnswers.StatusAsync(request, StatusCodes.Status403Forbidden, "The root collection cannot be deleted.").ConfigureAwait(false);
            return;
        }

        if (entry.IsDirectory && DepthHeader.Parse(request.Http.Request) is not (null or DavDepth.Infinity))
        {
            // RFC 4918 9.6.1: a collection is deleted with all its members, or not at all.
            await DavAnswers.StatusAsync(request, StatusCodes.Status400BadRequest, "DELETE of a collection takes Depth: infinity only.").ConfigureAwait(false);
            return;
        }

        if (HttpPreconditions.Evaluate(request.Http.Request, entry) is { } failed)
        {
            DavAnswers.Status(request, failed);
            return;
        }

        var locked = await WriteGuard.CheckWriteAsync(request, path, LockDepth.Zero).ConfigureAwait(false)
            ?? await WriteGuard.CheckWriteAsync(request, path.Parent, LockDepth.Zero).ConfigureAwait(false);
        if (locked is { } lockedStatus)
        {
            DavAnswers.Status(request, lockedStatus);
            return;
        }

        var failures = await TreeDelete.DeleteAsync(request, path, entry.IsDirectory).ConfigureAwait(false);
        if (failures.Count == 0)
        {
            DavAnswers.Status(request, StatusCodes.Status204NoContent);
        }
        else if (failures is [{ } only] && only.Path == path)
        {
            await DavAnswers.StatusAsync(request, only.Status, "The resource could not be deleted.").ConfigureAwait(false);
        }
        else
        {
            await MultiStatus.WriteAsync(request, failures).ConfigureAwait(false);
        }
    }
}
