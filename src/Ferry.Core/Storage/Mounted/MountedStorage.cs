using System.Runtime.CompilerServices;
using Ferry.Core.Files;
using Ferry.Core.Paths;

namespace Ferry.Core.Storage.Mounted;

/// <summary>
/// One tree made of several storages, as a Unix mount table or IIS virtual directories make one: a
/// base storage, and mount points below its root where other storages' trees appear. Every call goes
/// to the storage of the deepest mount point at or above its path, with the path made relative to
/// that mount point; a <see cref="VfsPath"/> is normalised, so no path below a mount point can climb
/// out of it. What the mounted storages answer (entries, read and upload handles with their facets)
/// passes through unwrapped: sendfile and splice still find their files.
/// </summary>
/// <remarks>
/// <para>
/// A mount point is a folder in its parent's listing and stat, whether or not the storage above has a
/// folder of that name (one it has is hidden, as on Unix). So is a folder above a deeper mount point
/// that the storage above lacks (a mount at /a/b shows /a): it holds the mount point and nothing else
/// until someone makes it. A mount point, or a folder with one below it, cannot be deleted or renamed
/// (Denied), nor replaced by a rename or copy (Exists); a rename from one storage into another is
/// <see cref="FileError.CrossesMount"/>. A copy across is too, and FileService then streams it.
/// </para>
/// <para>
/// <see cref="Capabilities"/> is what every storage in the tree promises (the intersection): a
/// protocol that offers an operation (APPE, REST+STOR, MFMT) must be able to keep the offer in every
/// folder, and FileService's fallbacks (file-by-file moves, streamed copies) work on any storage.
/// Each call still meets the capabilities of the storage it reaches.
/// </para>
/// </remarks>
public sealed class MountedStorage : IStorage, IStorageSpace
{
    private readonly IStorage _base;

    /// <summary>Deepest first, so that the first match is the longest.</summary>
    private readonly Mount[] _mounts;

    /// <summary>The time a folder shown only for a mount below it claims (it has none of its own).</summary>
    private readonly DateTimeOffset _shownSince;

    /// <summary>
    /// How a path's names are matched against mount points': without regard to case when the tree
    /// ignores case (<see cref="IgnoresCase"/>: Windows, macOS), or "/REPORTS" would reach the base
    /// folder the mount at "/reports" hides; ordinal otherwise.
    /// </summary>
    private readonly StringComparison _names;

    /// <exception cref="ArgumentException">A mount at the root, or two at one path.</exception>
    public MountedStorage(IStorage baseStorage, IEnumerable<Mount> mounts, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(baseStorage);
        ArgumentNullException.ThrowIfNull(mounts);
        var all = mounts.ToArray();
        if (all.Any(mount => mount.Path.IsRoot))
        {
            throw new ArgumentException("A mount point cannot be the root.", nameof(mounts));
        }

        IgnoresCase = baseStorage.IgnoresCase || all.Any(mount => mount.Storage.IgnoresCase);
        _names = IgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (all.GroupBy(mount => mount.Path.Value, StringComparer.FromComparison(_names)).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Two storages are mounted at {twice.Key}.", nameof(mounts));
        }

        _base = baseStorage;
        _mounts = [.. all.OrderByDescending(mount => mount.Path.Segments.Count)];
        _shownSince = (time ?? TimeProvider.System).GetUtcNow();
        Capabilities = all.Aggregate(baseStorage.Capabilities, (common, mount) => common & mount.Storage.Capabilities);

        // A name one part of the tree cannot hold would break a later copy or move there: ask them everywhere.
        PortableNames = baseStorage.PortableNames || all.Any(mount => mount.Storage.PortableNames);
    }

    public StorageCapabilities Capabilities { get; }

    public bool PortableNames { get; }

    /// <summary>A path rule must hold in every part of the tree: case is ignored when any part ignores it (mount points too).</summary>
    public bool IgnoresCase { get; }

    public async ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken)
    {
        var target = Route(path);
        var entry = await target.Storage.StatAsync(target.Path, cancellationToken).ConfigureAwait(false);
        if (target.IsMountPoint)
        {
            // The mounted storage's root, under the mount point's name.
            return (entry ?? ShownFolder(path)) with { Name = target.Mount!.Path.Name };
        }

        return entry is not { IsDirectory: true } && HasMountBelow(path) ? ShownFolder(path) : entry;
    }

    public async IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var target = Route(directory);
        var shown = ShownChildren(directory);
        if (shown.Count == 0)
        {
            await foreach (var entry in target.Storage.ListAsync(target.Path, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }

            yield break;
        }

        // A folder shown only for the mount points below it has nothing else to list.
        if (target.Path.IsRoot || await target.Storage.StatAsync(target.Path, cancellationToken).ConfigureAwait(false) is { IsDirectory: true })
        {
            await foreach (var entry in target.Storage.ListAsync(target.Path, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!shown.Contains(entry.Name))
                {
                    yield return entry;
                }
            }
        }

        foreach (var name in shown)
        {
            if (await StatAsync(directory.Combine(name), cancellationToken).ConfigureAwait(false) is { } entry)
            {
                yield return entry;
            }
        }
    }

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return HoldsMount(path)
            ? ValueTask.FromException<IReadHandle>(Refused(FileError.IsADirectory, path, "is a folder"))
            : target.Storage.OpenReadAsync(target.Path, offset, cancellationToken);
    }

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return HoldsMount(path)
            ? ValueTask.FromException<IUploadHandle>(Refused(FileError.IsADirectory, path, "is a folder"))
            : target.Storage.OpenWriteAsync(target.Path, mode, offset, cancellationToken);
    }

    /// <summary>
    /// A mount point is there already (Exists). A folder shown only for a mount below it is made in
    /// the storage above, so that files can be put beside the mount point.
    /// </summary>
    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return target.IsMountPoint
            ? ValueTask.FromException(Refused(FileError.Exists, path, "is a mount point"))
            : target.Storage.CreateDirectoryAsync(target.Path, cancellationToken);
    }

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return HoldsMount(path)
            ? ValueTask.FromException(Refused(FileError.IsADirectory, path, "is a folder"))
            : target.Storage.DeleteFileAsync(target.Path, cancellationToken);
    }

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return HoldsMount(path)
            ? ValueTask.FromException(Refused(FileError.Denied, path, "is or holds a mount point"))
            : target.Storage.DeleteDirectoryAsync(target.Path, cancellationToken);
    }

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var (source, target) = (Route(from), Route(to));
        return HoldsMount(from) ? ValueTask.FromException(Refused(FileError.Denied, from, "is or holds a mount point"))
            : HoldsMount(to) ? ValueTask.FromException(Refused(FileError.Exists, to, "is or holds a mount point"))
            : source.Mount != target.Mount ? ValueTask.FromException(Refused(FileError.CrossesMount, to, $"lies in another storage than {from}"))
            : source.Storage.RenameAsync(source.Path, target.Path, overwrite, cancellationToken);
    }

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var (source, target) = (Route(from), Route(to));
        return HoldsMount(from) ? ValueTask.FromException(Refused(FileError.IsADirectory, from, "is a folder"))
            : HoldsMount(to) ? ValueTask.FromException(Refused(FileError.Exists, to, "is or holds a mount point"))
            : source.Mount != target.Mount ? ValueTask.FromException(Refused(FileError.CrossesMount, to, $"lies in another storage than {from}"))
            : source.Storage.CopyAsync(source.Path, target.Path, overwrite, cancellationToken);
    }

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return target.Storage.SetLastModifiedAsync(target.Path, lastModified, cancellationToken);
    }

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var target = Route(path);
        return target.Storage.SetModeAsync(target.Path, mode, cancellationToken);
    }

    /// <summary>The free space of the storage that holds <paramref name="directory"/>; Unsupported where that storage cannot tell.</summary>
    public ValueTask<long> AvailableBytesAsync(VfsPath directory, CancellationToken cancellationToken)
    {
        var target = Route(directory);
        return target.Storage is IStorageSpace space
            ? space.AvailableBytesAsync(target.Path, cancellationToken)
            : ValueTask.FromException<long>(Refused(FileError.Unsupported, directory, "lies in a storage that does not report free space"));
    }

    /// <summary>Where a path lives: the storage of the deepest mount point at or above it (or the base), and the path inside it.</summary>
    private Target Route(VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var mount in _mounts)
        {
            if (AtOrBelow(path, mount.Path))
            {
                // The rest of the path, rooted: built from names of a normalised path, so it cannot climb.
                var inner = path.Segments.Count == mount.Path.Segments.Count
                    ? VfsPath.Root
                    : VfsPath.Parse("/" + string.Join('/', path.Segments.Skip(mount.Path.Segments.Count)));
                return new Target(mount.Storage, inner, mount);
            }
        }

        return new Target(_base, path, null);
    }

    /// <summary>True when <paramref name="path"/> is a mount point or a folder with one below it.</summary>
    private bool HoldsMount(VfsPath path) => _mounts.Any(mount => AtOrBelow(mount.Path, path));

    private bool HasMountBelow(VfsPath path) => _mounts.Any(mount => mount.Path.Segments.Count > path.Segments.Count && AtOrBelow(mount.Path, path));

    /// <summary><see cref="VfsPath.IsAtOrBelow"/> with names compared as this tree compares them.</summary>
    private bool AtOrBelow(VfsPath path, VfsPath ancestor)
    {
        if (ancestor.Segments.Count > path.Segments.Count)
        {
            return false;
        }

        for (var i = 0; i < ancestor.Segments.Count; i++)
        {
            if (!string.Equals(path.Segments[i], ancestor.Segments[i], _names))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The names in <paramref name="directory"/> that mount points (or folders above them) take, whatever the storage there holds.</summary>
    private HashSet<string> ShownChildren(VfsPath directory)
    {
        var names = new HashSet<string>(StringComparer.FromComparison(_names));
        foreach (var mount in _mounts)
        {
            if (mount.Path.Segments.Count > directory.Segments.Count && AtOrBelow(mount.Path, directory))
            {
                names.Add(mount.Path.Segments[directory.Segments.Count]);
            }
        }

        return names;
    }

    private FileEntry ShownFolder(VfsPath path) => new(path.Name, IsDirectory: true, Length: 0, _shownSince);

    private static StorageException Refused(FileError error, VfsPath path, string why) => new(error, $"{path} {why}.");

    /// <param name="Mount">The mount the path lies in; null for the base storage.</param>
    private readonly record struct Target(IStorage Storage, VfsPath Path, Mount? Mount)
    {
        /// <summary>The path is a mount point itself (the root of the mounted storage).</summary>
        public bool IsMountPoint => Mount is not null && Path.IsRoot;
    }
}
