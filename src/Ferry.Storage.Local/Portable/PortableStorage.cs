using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// A folder on local disk as an <see cref="IStorage"/>, through .NET's own file APIs: the storage
/// of Windows and macOS, and of Linux with Storage:Jail set to Portable. It keeps the Linux
/// storage's promises by other means. The jail: after every open, the operating system is asked
/// where the handle really landed (<see cref="IFinalPath"/>), and a final path outside the root is
/// refused (<see cref="RootFence"/>); before a name is created, deleted or renamed, the folder that
/// holds it is checked the same way, and the name is then used below that folder's final path.
/// Symlinks, junctions and reparse points inside the tree are followed while they stay inside;
/// one that leads out is refused (Denied), as the Linux storage's realpath fallback does.
/// </summary>
/// <remarks>
/// Unlike openat2, a check and the use that follows are two steps: a local user who can swap a
/// folder of the tree for a link between them could steer one create or rename outside. An open
/// that lands outside is still refused before a byte is read or written. Every handle shares
/// read, write and delete, so that a download never blocks a replace or a delete (Windows).
/// Uploads that replace a file write a temporary file beside it and put it in place in one step
/// (<see cref="AtomicMove"/>). On Windows every name must be one Win32 can hold
/// (<see cref="PortableNames"/>): a reserved device name, a ':' (alternate data stream) or a
/// trailing dot or space is InvalidName, whatever Storage:PortableNames says, because it would
/// reach something other than the file it names.
/// </remarks>
public sealed class PortableStorage : ILocalStorage
{
    /// <summary>A copy moves 1 MiB per read and write: few system calls, little memory.</summary>
    private const int CopyBufferBytes = 1024 * 1024;

    /// <summary>How many times an open that raced with a concurrent create or delete is retried.</summary>
    private const int RaceAttempts = 3;

    /// <summary>Stale temporary files are looked for this many folders deep, as in the Linux storage.</summary>
    private const int MaxCleanupDepth = 128;

    private const FileShare ShareAll = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>Listings show hidden and system entries too (.NET skips them by default): the Linux storage does.</summary>
    private static readonly EnumerationOptions EveryEntry = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    private readonly IFinalPath _finalPath;
    private readonly RootFence _fence;
    private readonly LocalStorageOptions _options;

    /// <summary>The root's final path: every other path is built below it.</summary>
    private readonly string _base;

    public PortableStorage(string rootDirectory, LocalStorageOptions options)
        : this(rootDirectory, options, FinalPaths.ForThisPlatform())
    {
    }

    /// <summary>Lets tests choose how final paths are asked for.</summary>
    internal PortableStorage(string rootDirectory, LocalStorageOptions options, IFinalPath finalPath)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(finalPath);
        _finalPath = finalPath;
        _options = options;
        try
        {
            _base = finalPath.OfFolder(Path.GetFullPath(rootDirectory));
        }
        catch (StorageException e)
        {
            throw new DirectoryNotFoundException($"Storage root '{rootDirectory}' is not an openable folder: {e.Message}", e);
        }

        _fence = new RootFence(_base, finalPath.Style);
    }

    /// <summary>What the portable storage keeps: the Linux storage's promises, with Unix modes where the system has them.</summary>
    public static StorageCapabilities PortableCapabilities =>
        StorageCapabilities.AtomicReplace | StorageCapabilities.Append | StorageCapabilities.RandomWrite
        | StorageCapabilities.SetTimes | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.ServerSideCopy
        | (OperatingSystem.IsWindows() ? StorageCapabilities.None : StorageCapabilities.UnixModes);

    public StorageCapabilities Capabilities => PortableCapabilities;

    public bool PortableNames => _options.PortableNames;

    public LocalJail Jail => LocalJail.Portable;

    public bool KernelJail => false;

    private bool WindowsNames => _finalPath.Style.WindowsNames;

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        if (path.IsRoot)
        {
            return PortableEntries.FromFolder("/", _base, isLink: false);
        }

        string full;
        try
        {
            full = Child(Folder(path.Parent), path.Name);
        }
        catch (StorageException e) when (e.Error is FileError.NotFound or FileError.NotADirectory or FileError.InvalidName)
        {
            return null;
        }

        return Describe(path.Name, full);
    }, cancellationToken);

    /// <summary>Free space of the folder's volume, as .NET's DriveInfo reads it (statvfs on Unix, GetDiskFreeSpaceEx on Windows).</summary>
    public ValueTask<long> AvailableBytesAsync(VfsPath directory, CancellationToken cancellationToken) => Run(() =>
    {
        var folder = Folder(directory);
        var drive = _finalPath.Style.IsWindows ? Path.GetPathRoot(RootFence.Normalize(folder, _finalPath.Style))! : folder;
        try
        {
            return new DriveInfo(drive).AvailableFreeSpace;
        }
        catch (ArgumentException e)
        {
            // DriveInfo takes no UNC share: the space there is the file server's to tell.
            throw new StorageException(FileError.Unsupported, "The free space of this folder's volume is not known.", e);
        }
    }, cancellationToken);

    public IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) =>
        new PortableListing(() => new DirectoryInfo(Folder(directory)).EnumerateFileSystemInfos("*", EveryEntry), Entry);

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) => Run<IReadHandle>(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var handle = OpenFile(path, FileMode.Open, FileAccess.Read);
        try
        {
            // No sendfile facet: downloads take the buffered path (the facet belongs to the Linux storage).
            return new LocalReadHandle(handle, isAsync: false, RandomAccess.GetLength(handle), offset, PortableErrors.Translate);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }, cancellationToken);

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
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        var full = Child(Folder(path.Parent), path.Name);
        if (KindOf(full) != EntryKind.None)
        {
            throw new StorageException(FileError.Exists, "The name is taken.");
        }

        Directory.CreateDirectory(full);
        if (!OperatingSystem.IsWindows())
        {
            // mkdir's mode is cut by the process umask; set the configured one exactly.
            File.SetUnixFileMode(full, _options.DirectoryMode & Rwx);
        }
    }, cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        var full = Child(Folder(path.Parent), path.Name);
        switch (KindOf(full))
        {
            case EntryKind.None:
                throw new StorageException(FileError.NotFound, "Nothing to delete.");
            case EntryKind.Folder:
                throw new StorageException(FileError.IsADirectory, "The path is a folder.");
            case EntryKind.Link when Directory.Exists(full) && OperatingSystem.IsWindows():
                Directory.Delete(full); // a folder link or junction: removes the link, never its target
                break;
            default:
                File.Delete(full); // a link: the link itself goes
                break;
        }
    }, cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        var full = Child(Folder(path.Parent), path.Name);
        switch (KindOf(full))
        {
            case EntryKind.None:
                throw new StorageException(FileError.NotFound, "No such folder.");
            case EntryKind.Folder:
                break;
            default:
                throw new StorageException(FileError.NotADirectory, "The path is not a folder.");
        }

        using (var entries = Directory.EnumerateFileSystemEntries(full, "*", EveryEntry).GetEnumerator())
        {
            if (entries.MoveNext())
            {
                throw new StorageException(FileError.NotEmpty, "The folder is not empty.");
            }
        }

        Directory.Delete(full, recursive: false);
    }, cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => Run(() =>
    {
        var source = Child(Folder(from.Parent), from.Name);
        var target = Child(Folder(to.Parent), to.Name);
        var kind = KindOf(source);
        if (kind == EntryKind.None)
        {
            throw new StorageException(FileError.NotFound, "Nothing to rename.");
        }

        if (from == to)
        {
            return;
        }

        var existing = KindOf(target);
        if (existing != EntryKind.None && SameEntry(source, target, kind))
        {
            // A case-insensitive file system: "a.txt" to "A.txt" names the same file; only its case changes.
            MoveEntry(source, target, kind, replace: false);
            return;
        }

        if (existing == EntryKind.Folder || (existing != EntryKind.None && (!overwrite || kind == EntryKind.Folder)))
        {
            throw new StorageException(FileError.Exists, existing == EntryKind.Folder ? "The target is a folder." : "The target exists.");
        }

        MoveEntry(source, target, kind, replace: existing != EntryKind.None);
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

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => Run(() =>
    {
        if (path.IsRoot || Directory.Exists(Full(path)))
        {
            Directory.SetLastWriteTimeUtc(Folder(path), lastModified.UtcDateTime);
            return;
        }

        // Windows sets times only through a handle with write-attributes access, which a write handle has.
        using var handle = OpenFile(path, FileMode.Open, OperatingSystem.IsWindows() ? FileAccess.Write : FileAccess.Read);
        File.SetLastWriteTimeUtc(handle, lastModified.UtcDateTime);
    }, cancellationToken);

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => Run(() =>
    {
        if (OperatingSystem.IsWindows())
        {
            throw new StorageException(FileError.Unsupported, "Windows files have no Unix permission bits.");
        }

        // Only the rwx bits: a client must never make a set-id program or a sticky folder.
        if (path.IsRoot || Directory.Exists(Full(path)))
        {
            File.SetUnixFileMode(Folder(path), mode & Rwx);
            return;
        }

        using var handle = OpenFile(path, FileMode.Open, FileAccess.Read);
        File.SetUnixFileMode(handle, mode & Rwx);
    }, cancellationToken);

    /// <summary>
    /// Deletes the temporary files that uploads interrupted by a crash left behind, anywhere under
    /// the root. Links are neither followed nor deleted; folders deeper than a fixed bound are not visited.
    /// </summary>
    public int RemoveStaleTemporaryFiles()
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = MaxCleanupDepth,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            MatchType = MatchType.Simple,
        };
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_base, ReservedNames.Prefix + "*", options))
        {
            try
            {
                if (ReservedNames.IsReserved(Path.GetFileName(file)) && _fence.Contains(file))
                {
                    File.Delete(file);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held open or not ours to delete: the rest is still cleaned.
            }
        }

        return removed;
    }

    public void Dispose()
    {
        // Nothing held open: every call opens and closes what it needs.
    }

    private const UnixFileMode Rwx = (UnixFileMode)0b111_111_111;

    /// <summary>The path of <paramref name="path"/> below the root, by name only (not yet checked).</summary>
    private string Full(VfsPath path)
    {
        var full = _base;
        foreach (var segment in path.Segments)
        {
            full = Child(full, segment);
        }

        return full;
    }

    /// <summary>A name below a folder; a name Windows cannot hold as itself is InvalidName (it would reach a device, a stream, or another file).</summary>
    private string Child(string folder, string name)
    {
        if (WindowsNames ? !Core.Storage.PortableNames.IsPortable(name) : name.Contains('\0', StringComparison.Ordinal))
        {
            throw new StorageException(FileError.InvalidName, "This name cannot be held by this system's files.");
        }

        var separator = _finalPath.Style.Separator;
        return folder.Length > 0 && folder[^1] == separator ? folder + name : folder + separator + name;
    }

    /// <summary>
    /// The final path of the folder <paramref name="directory"/>, checked to lie inside the root:
    /// names are then created, deleted and renamed below it. NotFound or NotADirectory otherwise.
    /// </summary>
    private string Folder(VfsPath directory)
    {
        if (directory.IsRoot)
        {
            return _base;
        }

        var final = _finalPath.OfFolder(Full(directory));
        _fence.Ensure(final);
        return final;
    }

    /// <summary>
    /// Opens a file; where the handle landed is checked before anything is read or written. A new
    /// file (CreateNew) is made only in a folder checked to be inside, with the configured mode.
    /// </summary>
    private SafeFileHandle OpenFile(VfsPath path, FileMode mode, FileAccess access)
    {
        if (path.IsRoot)
        {
            throw new StorageException(FileError.IsADirectory, "The path is a folder.");
        }

        var full = mode == FileMode.Open ? Full(path) : Child(Folder(path.Parent), path.Name);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(full, mode, access, ShareAll);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // .NET refuses to open a folder as a file (EISDIR, or its own check): say which it was.
            throw Directory.Exists(full) ? new StorageException(FileError.IsADirectory, "The path is a folder.", e) : PortableErrors.Translate(e);
        }

        try
        {
            var final = _finalPath.OfFile(handle);
            if (!_fence.Contains(final))
            {
                if (mode == FileMode.CreateNew)
                {
                    // The folder was swapped for a link after it was checked: undo what the open made.
                    handle.Dispose();
                    File.Delete(final);
                }

                throw new StorageException(FileError.Denied, "A link leads outside the storage root.");
            }

            if (mode == FileMode.CreateNew && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(handle, _options.FileMode & Rwx);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
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

        return PortableUploadHandle.Beside(Stream(handle), _options.FlushOnCommit, temporary, target);
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

                CopyBytes(source, copy, cancellationToken);
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
                File.Move(temporary, target, overwrite: false);
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

    /// <summary>Bytes to the end of the source, through one pooled buffer; cancellation is checked per buffer.</summary>
    private static void CopyBytes(SafeFileHandle source, SafeFileHandle target, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long offset = 0;

            // Bounded by the source's size: every round copies at least one byte or ends.
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = RandomAccess.Read(source, buffer.AsSpan(0, CopyBufferBytes), offset);
                if (read == 0)
                {
                    return;
                }

                RandomAccess.Write(target, buffer.AsSpan(0, read), offset);
                offset += read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An entry of a listing, or null for a name no client can address (it is skipped).</summary>
    private FileEntry? Entry(FileSystemInfo info)
    {
        var name = info.Name;
        if (!VfsPath.IsAddressableName(name) || (WindowsNames && !Core.Storage.PortableNames.IsPortable(name)))
        {
            return null;
        }

        return info.LinkTarget is null ? PortableEntries.FromInfo(name, info, isLink: false) : DescribeLink(name, info.FullName, info);
    }

    /// <summary>The entry at <paramref name="full"/>, or null when nothing is there.</summary>
    private FileEntry? Describe(string name, string full)
    {
        FileSystemInfo info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return DescribeLink(name, full, info);
        }

        if (info.Exists)
        {
            return PortableEntries.FromInfo(name, info, isLink: false);
        }

        info = new DirectoryInfo(full);
        return info.Exists ? PortableEntries.FromInfo(name, info, isLink: false) : null;
    }

    /// <summary>
    /// A link shows what it leads to (type, size, time, mode) when that lies inside the root; a
    /// link that dangles, loops or leads out is shown as the link itself. Nothing outside is looked at.
    /// </summary>
    private FileEntry DescribeLink(string name, string full, FileSystemInfo link)
    {
        try
        {
            try
            {
                var folder = _finalPath.OfFolder(full);
                _fence.Ensure(folder);
                return PortableEntries.FromFolder(name, folder, isLink: true);
            }
            catch (StorageException e) when (e.Error == FileError.NotADirectory)
            {
                using var file = File.OpenHandle(full, FileMode.Open, FileAccess.Read, ShareAll);
                _fence.Ensure(_finalPath.OfFile(file));
                return PortableEntries.FromHandle(name, file, isLink: true);
            }
        }
        catch (Exception e) when (PortableErrors.ToFileError(e) is not null)
        {
            return PortableEntries.FromInfo(name, link, isLink: true);
        }
    }

    private bool LinksToFolderInside(string link)
    {
        try
        {
            return _fence.Contains(_finalPath.OfFolder(link));
        }
        catch (StorageException)
        {
            return false;
        }
    }

    /// <summary>What is at a path, not following a final link.</summary>
    private static EntryKind KindOf(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return EntryKind.Link;
        }

        return info.Exists ? EntryKind.File : Directory.Exists(full) ? EntryKind.Folder : EntryKind.None;
    }

    /// <summary>True when two names lead to one entry: on a case-insensitive file system, two spellings of one name.</summary>
    private bool SameEntry(string source, string target, EntryKind kind)
    {
        try
        {
            if (kind == EntryKind.Folder)
            {
                return _finalPath.OfFolder(source) == _finalPath.OfFolder(target);
            }

            if (kind == EntryKind.File)
            {
                using var one = File.OpenHandle(source, FileMode.Open, FileAccess.Read, ShareAll);
                using var other = File.OpenHandle(target, FileMode.Open, FileAccess.Read, ShareAll);
                return _finalPath.OfFile(one) == _finalPath.OfFile(other);
            }
        }
        catch (Exception e) when (PortableErrors.ToFileError(e) is not null)
        {
        }

        return false;
    }

    private static void MoveEntry(string source, string target, EntryKind kind, bool replace)
    {
        if (kind == EntryKind.Folder || (kind == EntryKind.Link && Directory.Exists(source)))
        {
            Directory.Move(source, target);
        }
        else if (replace)
        {
            AtomicMove.Replace(source, target);
        }
        else
        {
            File.Move(source, target, overwrite: false);
        }
    }

    private static ValueTask<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, PortableErrors.Translate, cancellationToken);

    private static ValueTask Run(Action work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, PortableErrors.Translate, cancellationToken);

    private enum EntryKind
    {
        None,
        File,
        Folder,
        Link,
    }
}
