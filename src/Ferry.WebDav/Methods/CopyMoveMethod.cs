using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.WebDav.Locking;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// COPY and MOVE (RFC 4918 9.8, 9.9): to the Destination header's path, with Depth (COPY: 0 or
/// infinity; MOVE: infinity only) and Overwrite (T by default; F with something at the destination
/// is 412; T replaces it, a collection there being deleted first). 201 when the destination is new,
/// 204 when it was replaced; 409 without a destination parent; 403 onto itself or into itself. Dead
/// properties follow (copied or moved); locks are checked at the destination (and at the source for
/// MOVE) and do not move: the moved source's locks end.
/// </summary>
public sealed class CopyMoveMethod(bool move) : IDavMethod
{
    private string Name => move ? "MOVE" : "COPY";

    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        var source = request.Path;
        var stat = await request.Files.StatAsync(source, request.Aborted).ConfigureAwait(false);
        if (!stat.Ok)
        {
            await DavAnswers.FailedAsync(request, stat.Error, stat.Error == FileError.NotADirectory ? StatusCodes.Status404NotFound : DavStatus.For(stat.Error)).ConfigureAwait(false);
            return;
        }

        var entry = stat.Value!;
        var destination = Destination.Parse(request);
        if (destination.Path is not { } target)
        {
            await DavAnswers.StatusAsync(request, destination.Status, destination.Reason!).ConfigureAwait(false);
            return;
        }

        // A Destination the request filter hides is as absent as such a request URL (404), not a missing parent (409).
        if (request.Files.IsHidden(target))
        {
            await DavAnswers.FailedAsync(request, FileError.NotFound).ConfigureAwait(false);
            return;
        }

        var depth = DepthHeader.Parse(http.Request) ?? DavDepth.Infinity;
        if (depth is not DavDepth.Infinity && (move || depth is not DavDepth.Zero))
        {
            await DavAnswers.StatusAsync(request, StatusCodes.Status400BadRequest, move ? "MOVE takes Depth: infinity only." : "COPY takes Depth: 0 or infinity.").ConfigureAwait(false);
            return;
        }

        if (OverwriteOf(http.Request) is not { } overwrite)
        {
            await DavAnswers.StatusAsync(request, StatusCodes.Status400BadRequest, "Overwrite is T or F.").ConfigureAwait(false);
            return;
        }

        if (target == source || (entry.IsDirectory && target.IsAtOrBelow(source)) || source.IsAtOrBelow(target))
        {
            // Onto itself, a collection into itself, or over its own ancestor (which Overwrite would delete, source included).
            await DavAnswers.StatusAsync(request, StatusCodes.Status403Forbidden, $"{Name} cannot go onto the resource itself, inside it, or over a collection that holds it.").ConfigureAwait(false);
            return;
        }

        if (HttpPreconditions.Evaluate(http.Request, entry) is { } failed)
        {
            DavAnswers.Status(request, failed);
            return;
        }

        var parent = await request.Files.StatAsync(target.Parent, request.Aborted).ConfigureAwait(false);
        if (!parent.Ok || !parent.Value!.IsDirectory)
        {
            await DavAnswers.StatusAsync(request, StatusCodes.Status409Conflict, "The Destination's parent collection does not exist.").ConfigureAwait(false);
            return;
        }

        var existing = await request.Files.StatAsync(target, request.Aborted).ConfigureAwait(false);
        var replaced = existing.Ok ? existing.Value! : null;
        if (replaced is not null && !overwrite)
        {
            await DavAnswers.StatusAsync(request, StatusCodes.Status412PreconditionFailed, "Something is at the Destination and Overwrite is F.").ConfigureAwait(false);
            return;
        }

        if (replaced is not null && !request.Files.MayOverwrite)
        {
            // A drop box's writes never replace anything: Overwrite: T counts as F for it.
            await DavAnswers.StatusAsync(request, StatusCodes.Status412PreconditionFailed, "Something is at the Destination, and this account never replaces what is there.").ConfigureAwait(false);
            return;
        }

        if (await CheckLocksAsync(request, entry, target, replaced).ConfigureAwait(false) is { } locked)
        {
            DavAnswers.Status(request, locked);
            return;
        }

        // A collection at the destination, or a collection replacing a file, cannot be overwritten in
        // one step (IStorage.RenameAsync): it is deleted first. A file over a file is replaced in one.
        var replaceInOneStep = replaced is { IsDirectory: false } && !entry.IsDirectory;
        if (replaced is not null && !replaceInOneStep)
        {
            var failures = await TreeDelete.DeleteAsync(request, target, replaced.IsDirectory).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                await MultiStatus.WriteAsync(request, failures).ConfigureAwait(false);
                return;
            }
        }

        var done = move
            ? await request.Files.RenameAsync(source, target, overwrite: replaceInOneStep, request.Aborted).ConfigureAwait(false)
            : await request.Files.CopyAsync(source, target, overwrite: replaceInOneStep, recursive: depth == DavDepth.Infinity, request.Aborted).ConfigureAwait(false);
        if (!done.Ok)
        {
            await FailedAsync(request, done.Error).ConfigureAwait(false);
            return;
        }

        await CarryPropertiesAsync(request, source, target, entry.IsDirectory && depth == DavDepth.Zero, replaceInOneStep).ConfigureAwait(false);
        if (move)
        {
            await WriteGuard.ForgetLocksAsync(request, source).ConfigureAwait(false);
        }

        DavAnswers.Status(request, replaced is null ? StatusCodes.Status201Created : StatusCodes.Status204NoContent);
    }

    /// <summary>
    /// The destination is written (all of it for a collection), and its parent gains a member when it
    /// is new; a MOVE also takes the source and a member of its parent away.
    /// </summary>
    private async Task<int?> CheckLocksAsync(DavRequest request, FileEntry entry, VfsPath target, FileEntry? replaced)
    {
        var targetDepth = entry.IsDirectory || replaced is { IsDirectory: true } ? LockDepth.Infinity : LockDepth.Zero;
        var locked = await WriteGuard.CheckWriteAsync(request, target, targetDepth).ConfigureAwait(false);
        if (locked is null && replaced is null)
        {
            locked = await WriteGuard.CheckWriteAsync(request, target.Parent, LockDepth.Zero).ConfigureAwait(false);
        }

        if (locked is null && move)
        {
            locked = await WriteGuard.CheckWriteAsync(request, request.Path, entry.IsDirectory ? LockDepth.Infinity : LockDepth.Zero).ConfigureAwait(false)
                ?? await WriteGuard.CheckWriteAsync(request, request.Path.Parent, LockDepth.Zero).ConfigureAwait(false);
        }

        return locked;
    }

    /// <summary>Dead properties follow the resource; a Depth 0 copy of a collection takes only the collection's own.</summary>
    private async Task CarryPropertiesAsync(DavRequest request, VfsPath source, VfsPath target, bool shallow, bool replacedFile)
    {
        var from = request.KeyFor(source);
        var to = request.KeyFor(target);
        if (replacedFile)
        {
            // The replaced file's own properties end with it (TreeDelete forgot those of anything deleted first).
            await request.Properties.DeleteAsync(to, request.Aborted).ConfigureAwait(false);
        }

        if (move)
        {
            await request.Properties.MoveAsync(from, to, request.Aborted).ConfigureAwait(false);
        }
        else if (shallow)
        {
            var own = await request.Properties.GetAsync(from, request.Aborted).ConfigureAwait(false);
            if (own.Count > 0)
            {
                await request.Properties.UpdateAsync(to, own, [], request.Aborted).ConfigureAwait(false);
            }
        }
        else
        {
            await request.Properties.CopyAsync(from, to, request.Aborted).ConfigureAwait(false);

            // A folder mounted below the source keeps its files' properties in a tree of its own (where
            // the folder is, see LockSite); the copies of those files lie below the target. Outermost
            // first, so that a folder mounted inside another mounted folder has the last word.
            foreach (var (below, root) in request.Grant.Locks.MountedBelow(source))
            {
                await request.Properties.CopyAsync(root, request.KeyFor(target.Append(below)), request.Aborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Overwrite: T (the default) or F (RFC 4918 10.6); null for anything else.</summary>
    private static bool? OverwriteOf(HttpRequest request)
    {
        var values = request.Headers["Overwrite"];
        return values.Count == 0 ? true
            : values.Count != 1 ? null
            : values.ToString().Trim() switch
            {
                "T" or "t" => true,
                "F" or "f" => false,
                _ => null,
            };
    }

    /// <summary>
    /// A destination that appeared meanwhile is 412 as for Overwrite F; a parent that vanished is 409;
    /// a reserved destination name is refused (403) like any name that cannot be made.
    /// </summary>
    private static Task FailedAsync(DavRequest request, FileError error) => error switch
    {
        FileError.Exists => DavAnswers.FailedAsync(request, error, StatusCodes.Status412PreconditionFailed),
        FileError.NotFound or FileError.NotADirectory => DavAnswers.FailedAsync(request, error, StatusCodes.Status409Conflict),
        _ => DavAnswers.FailedAsync(request, error),
    };
}
