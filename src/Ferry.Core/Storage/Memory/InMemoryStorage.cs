using System.Runtime.CompilerServices;
using Ferry.Core.Files;
using Ferry.Core.Paths;

namespace Ferry.Core.Storage.Memory;

/// <summary>
/// A file tree in memory: for tests, and to prove that protocols obey <see cref="Capabilities"/>.
/// It offers no handle facets (no local files to send from or splice into), and every operation
/// the capabilities chosen at construction exclude fails with Unsupported. Thread-safe: one lock
/// guards the tree; file contents are immutable arrays, so readers never see a write half done.
/// </summary>
/// <remarks>
/// Without <see cref="StorageCapabilities.AtomicReplace"/> a replace writes in place, as a backend
/// without temporary files would: the file is emptied when the upload opens and the bytes land at
/// commit or abort. Unix facts (mode 0644/0755, one link) are shown only with
/// <see cref="StorageCapabilities.UnixModes"/>.
/// </remarks>
public sealed class InMemoryStorage : IStorage
{
    /// <summary>What an object store would keep (a conditional write makes AtomicCreate), plus what memory makes free: no append, no atomic folder rename, no Unix modes.</summary>
    public const StorageCapabilities DefaultCapabilities =
        StorageCapabilities.AtomicReplace | StorageCapabilities.AtomicCreate | StorageCapabilities.RandomWrite | StorageCapabilities.SetTimes | StorageCapabilities.ServerSideCopy;

    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;
    private const UnixFileMode FolderMode = (UnixFileMode)0b111_101_101;

    private readonly object _lock = new();
    private readonly MemoryFolder _root;
    private readonly TimeProvider _time;
    private long _generation;

    public InMemoryStorage(StorageCapabilities capabilities = DefaultCapabilities, TimeProvider? time = null)
    {
        Capabilities = capabilities;
        _time = time ?? TimeProvider.System;
        _root = new MemoryFolder(_time.GetUtcNow(), FolderMode);
    }

    public StorageCapabilities Capabilities { get; }

    /// <summary>New names must be portable to Windows (see <see cref="IStorage.PortableNames"/>).</summary>
    public bool PortableNames { get; init; }

    /// <summary>Lets tests stand for a file system that ignores case (see <see cref="IStorage.IgnoresCase"/>); the tree itself stays exact.</summary>
    public bool IgnoresCase { get; init; }

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        lock (_lock)
        {
            return Find(path) is { } node ? Describe(path.IsRoot ? "/" : path.Name, node) : null;
        }
    }, cancellationToken);

    public async IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<FileEntry> entries;
        lock (_lock)
        {
            // A snapshot: the lock is never held while the caller walks the entries.
            var folder = FolderAt(directory);
            entries = [.. folder.Children.Select(child => Describe(child.Key, child.Value))];
        }

        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) => Run<IReadHandle>(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_lock)
        {
            return new MemoryReadHandle(FileAt(path).Content, offset);
        }
    }, cancellationToken);

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) => Run<IUploadHandle>(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (mode != WriteMode.WriteAt)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(offset, 0);
        }

        Require(mode switch
        {
            WriteMode.Append => StorageCapabilities.Append,
            WriteMode.WriteAt => StorageCapabilities.RandomWrite,
            WriteMode.CreateWhole => StorageCapabilities.AtomicCreate,
            _ => StorageCapabilities.None,
        });
        lock (_lock)
        {
            var parent = FolderAt(path.Parent);
            parent.Children.TryGetValue(path.Name, out var existing);
            if (existing is MemoryFolder)
            {
                throw new StorageException(FileError.IsADirectory, "The path is a folder.");
            }

            if (mode is (WriteMode.CreateNew or WriteMode.CreateWhole) && existing is not null)
            {
                throw new StorageException(FileError.Exists, "The file exists.");
            }

            if (mode == WriteMode.CreateWhole)
            {
                // Out of sight until commit, which takes the name only while it is free (or, asked to, replaces a file there).
                return new MemoryUploadHandle((_, _) => { }, (bytes, replace) => PlaceNew(path, bytes, replace));
            }

            if (mode == WriteMode.Replace && existing is MemoryFile && Has(StorageCapabilities.AtomicReplace))
            {
                // Beside the old file: commit puts the new content in its place, abort drops it.
                return new MemoryUploadHandle((bytes, committed) =>
                {
                    if (committed)
                    {
                        PlaceAt(path, bytes);
                    }
                });
            }

            // In place: the file exists from now on, and what arrives stays even after an abort.
            var file = existing as MemoryFile ?? Create(parent, path.Name);
            var start = mode switch
            {
                WriteMode.WriteAt => offset,
                WriteMode.Append => -1,
                _ => 0,
            };
            if (start >= 0)
            {
                Cut(file, start);
            }

            return new MemoryUploadHandle((bytes, _) => Land(file, bytes, start));
        }
    }, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        lock (_lock)
        {
            var parent = FolderAt(path.Parent);
            if (path.IsRoot || parent.Children.ContainsKey(path.Name))
            {
                throw new StorageException(FileError.Exists, "Something is there already.");
            }

            parent.Children.Add(path.Name, new MemoryFolder(_time.GetUtcNow(), FolderMode));
        }
    }, cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        lock (_lock)
        {
            FileAt(path);
            FolderAt(path.Parent).Children.Remove(path.Name);
        }
    }, cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        lock (_lock)
        {
            if (path.IsRoot)
            {
                throw new StorageException(FileError.Denied, "The root cannot be removed.");
            }

            if (FolderAt(path).Children.Count > 0)
            {
                throw new StorageException(FileError.NotEmpty, "The folder is not empty.");
            }

            FolderAt(path.Parent).Children.Remove(path.Name);
        }
    }, cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => Run(() =>
    {
        lock (_lock)
        {
            var source = Find(from) ?? throw new StorageException(FileError.NotFound, "Nothing to rename.");
            if (from == to)
            {
                return;
            }

            if (source is MemoryFolder)
            {
                Require(StorageCapabilities.AtomicDirectoryRename);
                if (to.IsAtOrBelow(from))
                {
                    throw new StorageException(FileError.InvalidName, "A folder cannot move into itself.");
                }
            }

            var target = FolderAt(to.Parent);
            CheckTarget(target, to.Name, replace: overwrite && source is MemoryFile);
            FolderAt(from.Parent).Children.Remove(from.Name);
            target.Children[to.Name] = source;
        }
    }, cancellationToken);

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => Run(() =>
    {
        Require(StorageCapabilities.ServerSideCopy);
        lock (_lock)
        {
            var source = FileAt(from);
            var target = FolderAt(to.Parent);
            CheckTarget(target, to.Name, replace: overwrite);
            target.Children[to.Name] = new MemoryFile(source.Content, _time.GetUtcNow(), source.Mode, ++_generation);
        }
    }, cancellationToken);

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => Run(() =>
    {
        Require(StorageCapabilities.SetTimes);
        lock (_lock)
        {
            (Find(path) ?? throw new StorageException(FileError.NotFound, "No such file.")).LastModified = lastModified;
        }
    }, cancellationToken);

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => Run(() =>
    {
        Require(StorageCapabilities.UnixModes);
        lock (_lock)
        {
            // Only the rwx bits, as on disk: no set-id program, no sticky folder.
            (Find(path) ?? throw new StorageException(FileError.NotFound, "No such file.")).Mode = mode & (UnixFileMode)0b111_111_111;
        }
    }, cancellationToken);

    private bool Has(StorageCapabilities capability) => (Capabilities & capability) == capability;

    private void Require(StorageCapabilities capability)
    {
        if (!Has(capability))
        {
            throw new StorageException(FileError.Unsupported, $"This storage does not offer {capability}.");
        }
    }

    private FileEntry Describe(string name, MemoryNode node) => node switch
    {
        MemoryFile file => new FileEntry(name, false, file.Content.LongLength, file.LastModified, $"\"{file.Generation:x}\"", Facts(file)),
        _ => new FileEntry(name, true, 0, node.LastModified, Unix: Facts(node)),
    };

    private UnixFacts? Facts(MemoryNode node) => Has(StorageCapabilities.UnixModes) ? new UnixFacts(node.Mode) : null;

    /// <summary>The node at a path, or null when nothing is there (or a file stands where a folder should).</summary>
    private MemoryNode? Find(VfsPath path)
    {
        MemoryNode node = _root;
        foreach (var segment in path.Segments)
        {
            if (node is not MemoryFolder folder || !folder.Children.TryGetValue(segment, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The folder at a path: NotFound when nothing is there, NotADirectory when a file is (on the way or at the end).</summary>
    private MemoryFolder FolderAt(VfsPath path)
    {
        MemoryNode node = _root;
        foreach (var segment in path.Segments)
        {
            if (node is not MemoryFolder folder)
            {
                throw new StorageException(FileError.NotADirectory, "A file stands where a folder should.");
            }

            node = folder.Children.GetValueOrDefault(segment) ?? throw new StorageException(FileError.NotFound, "No such folder.");
        }

        return node as MemoryFolder ?? throw new StorageException(FileError.NotADirectory, "Not a folder.");
    }

    private MemoryFile FileAt(VfsPath path)
    {
        var parent = FolderAt(path.Parent);
        return path.IsRoot ? throw new StorageException(FileError.IsADirectory, "The root is a folder.")
            : parent.Children.GetValueOrDefault(path.Name) switch
            {
                MemoryFile file => file,
                MemoryFolder => throw new StorageException(FileError.IsADirectory, "The path is a folder."),
                _ => throw new StorageException(FileError.NotFound, "No such file."),
            };
    }

    /// <summary>The target rules of rename and copy: a folder is always Exists, a file unless it may be replaced.</summary>
    private static void CheckTarget(MemoryFolder parent, string name, bool replace)
    {
        if (parent.Children.TryGetValue(name, out var existing) && (existing is MemoryFolder || !replace))
        {
            throw new StorageException(FileError.Exists, existing is MemoryFolder ? "The target is a folder." : "The target exists.");
        }
    }

    private MemoryFile Create(MemoryFolder parent, string name)
    {
        var file = new MemoryFile([], _time.GetUtcNow(), FileMode, ++_generation);
        parent.Children.Add(name, file);
        return file;
    }

    /// <summary>Cuts (or extends with zeros) a file at <paramref name="length"/>, as ftruncate does.</summary>
    private void Cut(MemoryFile file, long length)
    {
        var content = new byte[length];
        file.Content.AsSpan(0, (int)Math.Min(length, file.Content.Length)).CopyTo(content);
        file.Replace(content, _time.GetUtcNow(), ++_generation);
    }

    /// <summary>Writes an in-place upload's bytes into the file it opened (even if it was renamed or deleted meanwhile, as an open file on disk).</summary>
    private void Land(MemoryFile file, byte[] bytes, long start)
    {
        lock (_lock)
        {
            var at = start < 0 ? file.Content.LongLength : start;
            var content = new byte[Math.Max(file.Content.LongLength, at + bytes.LongLength)];
            file.Content.CopyTo(content, 0);
            bytes.CopyTo(content, at);
            file.Replace(content, _time.GetUtcNow(), ++_generation);
        }
    }

    /// <summary>An atomic replace's commit: the new content takes the name in one step.</summary>
    private void PlaceAt(VfsPath path, byte[] bytes)
    {
        lock (_lock)
        {
            var parent = FolderAt(path.Parent);
            var mode = parent.Children.GetValueOrDefault(path.Name) switch
            {
                MemoryFolder => throw new StorageException(FileError.Exists, "A folder took the file's place."),
                MemoryFile old => old.Mode,
                _ => FileMode,
            };
            parent.Children[path.Name] = new MemoryFile(bytes, _time.GetUtcNow(), mode, ++_generation);
        }
    }

    /// <summary>A CreateWhole commit: the name must be free, unless the caller asked to replace a file that took it.</summary>
    private void PlaceNew(VfsPath path, byte[] bytes, bool replace)
    {
        lock (_lock)
        {
            if (!replace && FolderAt(path.Parent).Children.ContainsKey(path.Name))
            {
                throw new StorageException(FileError.Exists, "Another upload took the name.");
            }

            PlaceAt(path, bytes);
        }
    }

    // Every failure here is already a StorageException (or a cancellation): nothing to translate.
    private static ValueTask<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, Untranslated, cancellationToken);

    private static ValueTask Run(Action work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, Untranslated, cancellationToken);

    private static Exception Untranslated(Exception exception) => exception;
}
