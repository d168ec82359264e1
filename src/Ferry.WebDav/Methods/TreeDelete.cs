using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.WebDav.Locking;

namespace Ferry.WebDav.Methods;

/// <summary>
/// Deletes a file, or a collection depth first through <see cref="FileService"/>, for DELETE and for
/// the destination a COPY or MOVE replaces. A member that cannot go (locked, denied) stays, and so
/// do its ancestors (RFC 4918 9.6.1: the namespace stays consistent); everything else goes. The
/// dead properties and locks of what went go with it.
/// </summary>
internal static class TreeDelete
{
    /// <summary>
    /// Folders nested deeper than this are left (as Core's FileTree refuses to copy them): every level
    /// holds a frame and a member list, and a tree that deep is a mistake or an attack, not a site.
    /// </summary>
    private const int MaxDepth = 256;

    /// <summary>
    /// Deletes <paramref name="path"/>; returns the members that could not be deleted (empty: all
    /// gone). The caller has checked the locks on <paramref name="path"/> itself and its parent.
    /// </summary>
    public static async Task<List<MemberStatus>> DeleteAsync(DavRequest request, VfsPath path, bool isCollection)
    {
        var failures = new List<MemberStatus>();
        bool gone;
        if (isCollection)
        {
            // Only when some lock lies below is each member asked: the common case costs one lookup.
            var lockedBelow = await WriteGuard.CheckWriteAsync(request, path, LockDepth.Infinity).ConfigureAwait(false) is not null;
            gone = await DeleteFolderAsync(request, path, 0, lockedBelow, failures).ConfigureAwait(false);
        }
        else
        {
            gone = await DeleteFileAsync(request, path, failures).ConfigureAwait(false);
        }

        if (gone)
        {
            await ForgetAsync(request, path).ConfigureAwait(false);
        }

        return failures;
    }

    private static async Task<bool> DeleteFileAsync(DavRequest request, VfsPath path, List<MemberStatus> failures)
    {
        var deleted = await request.Files.DeleteFileAsync(path, request.Aborted).ConfigureAwait(false);
        if (!deleted.Ok && deleted.Error != FileError.NotFound)
        {
            failures.Add(new MemberStatus(path, false, DavStatus.For(deleted.Error)));
            return false;
        }

        return true;
    }

    /// <returns>True when the folder and all below it are gone.</returns>
    private static async Task<bool> DeleteFolderAsync(DavRequest request, VfsPath folder, int depth, bool checkLocks, List<MemberStatus> failures)
    {
        if (depth > MaxDepth)
        {
            failures.Add(new MemberStatus(folder, true, DavStatus.For(FileError.Unsupported)));
            return false;
        }

        var listed = await request.Files.ListAsync(folder, request.Aborted).ConfigureAwait(false);
        if (!listed.Ok)
        {
            failures.Add(new MemberStatus(folder, true, DavStatus.For(listed.Error)));
            return false;
        }

        // Listed whole before anything is deleted: a listing is not stable while its folder changes.
        var members = new List<FileEntry>();
        await foreach (var entry in listed.Value!.WithCancellation(request.Aborted).ConfigureAwait(false))
        {
            members.Add(entry);
        }

        var deleted = new List<VfsPath>();
        var allGone = true;
        foreach (var member in members)
        {
            var path = folder.Combine(member.Name);
            if (checkLocks && await WriteGuard.CheckWriteAsync(request, path, LockDepth.Zero).ConfigureAwait(false) is { } locked)
            {
                failures.Add(new MemberStatus(path, member.IsDirectory, locked));
                allGone = false;
                continue;
            }

            var gone = member.IsDirectory
                ? await DeleteFolderAsync(request, path, depth + 1, checkLocks, failures).ConfigureAwait(false)
                : await DeleteFileAsync(request, path, failures).ConfigureAwait(false);
            if (gone)
            {
                deleted.Add(path);
            }
            else
            {
                allGone = false;
            }
        }

        if (allGone)
        {
            var removed = await request.Files.DeleteDirectoryAsync(folder, request.Aborted).ConfigureAwait(false);
            if (removed.Ok || removed.Error == FileError.NotFound)
            {
                return true;
            }

            failures.Add(new MemberStatus(folder, true, DavStatus.For(removed.Error)));
        }

        // The folder stays: what went from it takes its properties and locks along now.
        foreach (var path in deleted)
        {
            await ForgetAsync(request, path).ConfigureAwait(false);
        }

        return false;
    }

    private static async Task ForgetAsync(DavRequest request, VfsPath path)
    {
        await request.Properties.DeleteAsync(request.KeyFor(path), request.Aborted).ConfigureAwait(false);
        await WriteGuard.ForgetLocksAsync(request, path).ConfigureAwait(false);
    }
}
