using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Ftp.Tests.Support;

/// <summary>
/// Every call goes to <paramref name="inner"/>, but the raw listing facet (<see cref="IRawListing"/>)
/// is not offered: listings take the entry path, as over a storage that has no such facet.
/// </summary>
internal class EntryListingStorage(IStorage inner) : IStorage
{
    public StorageCapabilities Capabilities => inner.Capabilities;

    public bool PortableNames => inner.PortableNames;

    public bool IgnoresCase => inner.IgnoresCase;

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => inner.StatAsync(path, cancellationToken);

    public IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) => inner.OpenReadAsync(path, offset, cancellationToken);

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) => inner.OpenWriteAsync(path, mode, offset, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => inner.DeleteFileAsync(path, cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(path, cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(from, to, overwrite, cancellationToken);

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => inner.CopyAsync(from, to, overwrite, cancellationToken);

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => inner.SetLastModifiedAsync(path, lastModified, cancellationToken);

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => inner.SetModeAsync(path, mode, cancellationToken);
}

/// <summary>The same, with <paramref name="inner"/>'s raw listing offered and each folder it opens counted.</summary>
internal sealed class CountingRawStorage<TStorage>(TStorage inner) : EntryListingStorage(inner), IRawListing
    where TStorage : IStorage, IRawListing
{
    private int _opened;

    /// <summary>How many folders were read raw so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    public IRawEntryReader OpenRaw(VfsPath directory)
    {
        Interlocked.Increment(ref _opened);
        return inner.OpenRaw(directory);
    }
}
