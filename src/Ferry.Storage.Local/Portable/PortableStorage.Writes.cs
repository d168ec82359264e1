using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>Uploads and copies: a temporary file beside the target for a replace, the file itself otherwise.</summary>
public sealed partial class PortableStorage
{
    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) => Run<IUploadHandle>(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (mode != WriteMode.WriteAt)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(offset, 0);
        }

        return mode switch
        {
            WriteMode.Replace => OpenReplace(path),
            WriteMode.WriteAt => OpenInPlace(path, offset, append: false),
            WriteMode.Append => OpenInPlace(path, 0, append: true),
            WriteMode.CreateNew => PortableUploadHandle.InPlace(Stream(OpenFile(path, FileMode.CreateNew, FileAccess.Write)), _options.FlushOnCommit),
            WriteMode.CreateWhole => OpenCreateWhole(path),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }, cancellationToken);

    public async ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // A copy moves the whole file: off the caller's thread, like any long piece of I/O.
            await Task.Run(() => CopyFile(from, to, overwrite, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StorageException && PortableErrors.ToFileError(e) is { } error)
        {
            throw new StorageException(error, e.Message, e);
        }
    }

    private static FileStream Stream(SafeFileHandle handle) => new(handle, FileAccess.Write, bufferSize: 0, isAsync: false);

    private IUploadHandle OpenReplace(VfsPath path)
    {
        var folder = Folder(path.Parent);
        var target = Child(folder, path.Name);
        var kind = KindOf(target);
        if (kind == EntryKind.None)
        {
            // A new file is written under its own name (so that a broken upload can resume), made
            // when the first byte arrives, so that an upload whose data never comes leaves nothing.
            return PortableUploadHandle.Deferred(() => Stream(OpenFile(path, FileMode.CreateNew, FileAccess.Write)), _options.FlushOnCommit);
        }

        if (kind == EntryKind.Folder || (kind == EntryKind.Link && LinksToFolderInside(target)))
        {
            throw new StorageException(FileError.IsADirectory, "The path is a folder.");
        }

        // A link is replaced by the new file; a file keeps its permission bits (not set-id bits).
        var mode = kind == EntryKind.File && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(target) & Rwx : _options.FileMode & Rwx;
        var (handle, temporary) = CreateTemporary(folder, mode);
        return PortableUploadHandle.Beside(Stream(handle), _options.FlushOnCommit, temporary, target);
    }

    /// <summary>
    /// A new file written under a temporary name beside its own (hidden from clients, removed at
    /// start-up if a crash leaves it), which commit puts in place only while the name is free.
    /// </summary>
    private IUploadHandle OpenCreateWhole(VfsPath path)
    {
        var folder = Folder(path.Parent);
        var target = Child(folder, path.Name);
        // Looked at now so that a name already taken is refused before any byte is sent; commit looks again, atomically.
        switch (KindOf(target))
        {
            case EntryKind.None:
                break;
            case EntryKind.Folder:
                throw new StorageException(FileError.IsADirectory, "The path is a folder.");
            default:
                throw new StorageException(FileError.Exists, "The file exists.");
        }

        var (handle, temporary) = CreateTemporary(folder, _options.FileMode & Rwx);
        return PortableUploadHandle.Whole(Stream(handle), _options.FlushOnCommit, temporary, target);
    }

    /// <summary>A fresh temporary file in <paramref name="folder"/>, checked to be inside the root (its handle's final path), with <paramref name="mode"/>.</summary>
    private (SafeFileHandle Handle, string Path) CreateTemporary(string folder, UnixFileMode mode)
    {
        var temporary = Child(folder, TemporaryNames.Create());
        var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, ShareAll);
        try
        {
            _fence.Ensure(_finalPath.OfFile(handle));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(handle, mode);
            }
        }
        catch
        {
            handle.Dispose();
            File.Delete(temporary);
            throw;
        }

        return (handle, temporary);
    }

    private IUploadHandle OpenInPlace(VfsPath path, long offset, bool append)
    {
        for (var attempt = 0; attempt < RaceAttempts; attempt++)
        {
            SafeFileHandle handle;
            try
            {
                handle = OpenFile(path, FileMode.CreateNew, FileAccess.Write);
            }
            catch (StorageException e) when (e.Error == FileError.Exists)
            {
                try
                {
                    // Opened without truncating: the jail check comes before the file is touched.
                    handle = OpenFile(path, FileMode.Open, FileAccess.Write);
                }
                catch (StorageException gone) when (gone.Error == FileError.NotFound)
                {
                    continue; // deleted meanwhile: create it
                }
            }

            var stream = Stream(handle);
            try
            {
                if (append)
                {
                    stream.Seek(0, SeekOrigin.End);
                }
                else
                {
                    stream.SetLength(offset);
                    stream.Position = offset;
                }
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            return PortableUploadHandle.InPlace(stream, _options.FlushOnCommit);
        }

        throw new StorageException(FileError.Unavailable, "The file kept appearing and disappearing.");
    }

    /// <summary>
    /// Copies a regular file into a temporary file beside the target, makes it durable as an upload
    /// would be, and puts it in place in one step: the copy appears whole or not at all.
    /// </summary>
    private void CopyFile(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        using var source = OpenFile(from, FileMode.Open, FileAccess.Read);
        var folder = Folder(to.Parent);
        var target = Child(folder, to.Name);
        var existing = KindOf(target);
        if (existing == EntryKind.Folder || (existing != EntryKind.None && !overwrite))
        {
            throw new StorageException(FileError.Exists, "The copy's target exists.");
        }

        var temporary = Child(folder, TemporaryNames.Create());
        var placed = false;
        try
        {
            using (var copy = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, ShareAll))
            {
                _fence.Ensure(_finalPath.OfFile(copy));
                if (!OperatingSystem.IsWindows())
                {
                    // The copy keeps the source's permission bits, not its set-id bits.
                    File.SetUnixFileMode(copy, File.GetUnixFileMode(source) & Rwx);
                }

                FileBytes.Copy(source, copy, cancellationToken);
                if (_options.FlushOnCommit)
                {
                    RandomAccess.FlushToDisk(copy);
                }
            }

            if (overwrite)
            {
                AtomicMove.Replace(temporary, target);
            }
            else
            {
                // Not File.Move without overwrite: on Unix it looks, then renames over what appeared in between.
                AtomicMove.PlaceNew(temporary, target);
            }

            placed = true;
        }
        finally
        {
            if (!placed)
            {
                File.Delete(temporary);
            }
        }
    }

}
