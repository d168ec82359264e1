using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Files;

/// <summary>
/// Copies and moves that a backend cannot do in one step, built from the calls every backend has:
/// a file copied through a read and an upload when there is no server-side copy, a folder copied
/// member by member, a folder moved as copy-then-delete when its rename is not atomic. Failures
/// arrive as <see cref="StorageException"/>; <see cref="FileService"/> turns them into results.
/// </summary>
internal sealed class FileTree(IStorage storage)
{
    /// <summary>
    /// Folders deeper than this below the copied one are refused (Unsupported): every level holds a
    /// frame and a list of subfolders, and a tree that deep is a mistake or an attack, not a site.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>The copy buffer of a streamed file copy: large enough for full disk speed, small per transfer.</summary>
    private const int BufferBytes = 128 * 1024;

    /// <summary>
    /// Copies a file, or a folder with its members <paramref name="depth"/> levels down (0: the folder
    /// alone). <paramref name="allowed"/> checks each item (null: the caller already decided).
    /// </summary>
    public async ValueTask CopyAsync(
        VfsPath from, VfsPath to, bool overwrite, int depth, Func<VfsPath, Permissions, bool>? allowed, CancellationToken cancellationToken)
    {
        var source = await storage.StatAsync(from, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageException(FileError.NotFound, "Nothing to copy.");
        if (!source.IsDirectory)
        {
            Require(allowed, from, Permissions.Read);
            Require(allowed, to, Permissions.Write);
            await CopyFileAsync(from, to, overwrite, cancellationToken).ConfigureAwait(false);
            return;
        }

        Require(allowed, to, Permissions.Mkdir);
        if (await storage.StatAsync(to, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new StorageException(FileError.Exists, "A folder never replaces what is at its target.");
        }

        await storage.CreateDirectoryAsync(to, cancellationToken).ConfigureAwait(false);
        if (depth > 0)
        {
            await CopyMembersAsync(from, to, 1, depth, allowed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A folder rename for a backend that cannot do it in one step: the tree is copied, then the
    /// source is deleted. Not atomic: a failure half way leaves the source whole and part of the copy.
    /// </summary>
    public async ValueTask MoveAsync(VfsPath from, VfsPath to, CancellationToken cancellationToken)
    {
        await CopyAsync(from, to, overwrite: false, MaxDepth, allowed: null, cancellationToken).ConfigureAwait(false);
        await DeleteTreeAsync(from, 1, cancellationToken).ConfigureAwait(false);
    }

    private static void Require(Func<VfsPath, Permissions, bool>? allowed, VfsPath path, Permissions right)
    {
        if (allowed is not null && !allowed(path, right))
        {
            throw new StorageException(FileError.Denied, $"No {right} right at a path in the tree.");
        }
    }

    private static void CheckDepth(int level)
    {
        if (level > MaxDepth)
        {
            throw new StorageException(FileError.Unsupported, $"The tree is deeper than {MaxDepth} levels.");
        }
    }

    /// <summary>
    /// Files are copied while the folder is listed; subfolders are gathered and copied after the
    /// listing ends, so that one listing is open at a time. A symbolic link to a folder is not
    /// followed: it may point to an ancestor and make the copy endless.
    /// </summary>
    private async ValueTask CopyMembersAsync(
        VfsPath from, VfsPath to, int level, int depth, Func<VfsPath, Permissions, bool>? allowed, CancellationToken cancellationToken)
    {
        CheckDepth(level);
        Require(allowed, from, Permissions.List);
        var subfolders = new List<string>();
        await foreach (var entry in storage.ListAsync(from, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (ReservedNames.IsReserved(entry.Name))
            {
                continue;
            }

            if (!entry.IsDirectory)
            {
                Require(allowed, from.Combine(entry.Name), Permissions.Read);
                Require(allowed, to.Combine(entry.Name), Permissions.Write);
                await CopyFileAsync(from.Combine(entry.Name), to.Combine(entry.Name), overwrite: false, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Unix?.IsSymbolicLink != true)
            {
                subfolders.Add(entry.Name);
            }
        }

        foreach (var name in subfolders)
        {
            var target = to.Combine(name);
            Require(allowed, target, Permissions.Mkdir);
            await storage.CreateDirectoryAsync(target, cancellationToken).ConfigureAwait(false);
            if (level < depth)
            {
                await CopyMembersAsync(from.Combine(name), target, level + 1, depth, allowed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask CopyFileAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        if ((storage.Capabilities & StorageCapabilities.ServerSideCopy) != 0)
        {
            try
            {
                await storage.CopyAsync(from, to, overwrite, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageException e) when (e.Error == FileError.CrossesMount)
            {
                // From one mounted storage into another: neither can copy it alone, the server streams it.
            }
        }

        // The same rules at the target as a backend's own copy keeps (IStorage.CopyAsync).
        var existing = await storage.StatAsync(to, cancellationToken).ConfigureAwait(false);
        if (existing is not null && (existing.IsDirectory || !overwrite))
        {
            throw new StorageException(FileError.Exists, "The copy's target exists.");
        }

        var source = await storage.OpenReadAsync(from, 0, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var (upload, mode) = await OpenTargetAsync(to, existing is null, cancellationToken).ConfigureAwait(false);
            await using (upload.ConfigureAwait(false))
            {
                var committed = false;
                try
                {
                    await source.Content.CopyToAsync(upload.Content, BufferBytes, cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (StorageException e) when (e.Error == FileError.Exists && mode == WriteMode.CreateWhole && overwrite)
                    {
                        // Another client took the free name meanwhile: replaced, as it would have been had it been there first.
                        await upload.CommitReplacingAsync(cancellationToken).ConfigureAwait(false);
                    }

                    committed = true;
                }
                finally
                {
                    if (!committed)
                    {
                        await upload.AbortAsync().ConfigureAwait(false);
                        if (mode == WriteMode.CreateNew)
                        {
                            // An aborted new file keeps what arrived (for a resume); a copy is whole or absent.
                            await TryDeleteAsync(to).ConfigureAwait(false);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The upload of a copy's target. A new one is written out of sight (CreateWhole) where the
    /// storage there can: nobody sees a copy between two mounts grow, a failed copy leaves nothing,
    /// and a name another client takes meanwhile is never overwritten unless the copy may overwrite.
    /// Elsewhere CreateNew, so that a file that appeared meanwhile is Exists, not overwritten.
    /// </summary>
    private async ValueTask<(IUploadHandle Upload, WriteMode Mode)> OpenTargetAsync(VfsPath to, bool isNew, CancellationToken cancellationToken)
    {
        if (!isNew)
        {
            return (await storage.OpenWriteAsync(to, WriteMode.Replace, 0, cancellationToken).ConfigureAwait(false), WriteMode.Replace);
        }

        try
        {
            return (await storage.OpenWriteAsync(to, WriteMode.CreateWhole, 0, cancellationToken).ConfigureAwait(false), WriteMode.CreateWhole);
        }
        catch (StorageException e) when (e.Error == FileError.Unsupported)
        {
            return (await storage.OpenWriteAsync(to, WriteMode.CreateNew, 0, cancellationToken).ConfigureAwait(false), WriteMode.CreateNew);
        }
    }

    private async ValueTask TryDeleteAsync(VfsPath path)
    {
        try
        {
            await storage.DeleteFileAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // Best effort: the copy failed already, and that is what the caller hears.
        }
    }

    /// <summary>Deletes a folder and everything below it, files first, then each folder once it is empty.</summary>
    private async ValueTask DeleteTreeAsync(VfsPath folder, int level, CancellationToken cancellationToken)
    {
        CheckDepth(level);
        var subfolders = new List<string>();
        var files = new List<string>();
        await foreach (var entry in storage.ListAsync(folder, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            (entry.IsDirectory && entry.Unix?.IsSymbolicLink != true ? subfolders : files).Add(entry.Name);
        }

        foreach (var name in files)
        {
            await storage.DeleteFileAsync(folder.Combine(name), cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in subfolders)
        {
            await DeleteTreeAsync(folder.Combine(name), level + 1, cancellationToken).ConfigureAwait(false);
        }

        await storage.DeleteDirectoryAsync(folder, cancellationToken).ConfigureAwait(false);
    }
}
