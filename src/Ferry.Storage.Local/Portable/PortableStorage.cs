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
public sealed partial class PortableStorage : ILocalStorage
{
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
        StorageCapabilities.AtomicReplace | StorageCapabilities.AtomicCreate | StorageCapabilities.Append | StorageCapabilities.RandomWrite
        | StorageCapabilities.SetTimes | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.ServerSideCopy
        | (OperatingSystem.IsWindows() ? StorageCapabilities.None : StorageCapabilities.UnixModes);

    public StorageCapabilities Capabilities => PortableCapabilities;

    public bool PortableNames => _options.PortableNames;

    public bool IgnoresCase => _finalPath.Style.IgnoreCase;

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
    /// the root, but none that an upload still holds open. Links are neither followed nor deleted;
    /// folders deeper than a fixed bound are not visited.
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
                    // An upload in progress (in another Ferry on the same tree) holds its file open:
                    // on Windows that refuses an unshared open, and on Unix .NET's shared flock refuses
                    // the exclusive one an unshared open takes. Only a file nobody holds is deleted.
                    using (File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.None))
                    {
                    }

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

    private static ValueTask<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, PortableErrors.Translate, cancellationToken);

    private static ValueTask Run(Action work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, PortableErrors.Translate, cancellationToken);
}
