using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Tests.Support;

/// <summary>A folder of another storage seen as a storage of its own: what a home below the served root is.</summary>
internal sealed class SubtreeStorage(IStorage inner, VfsPath home) : IStorage
{
    public bool IgnoresCase => inner.IgnoresCase;

    public StorageCapabilities Capabilities => inner.Capabilities;

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => inner.StatAsync(In(path), cancellationToken);

    public IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) => inner.ListAsync(In(directory), cancellationToken);

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) => inner.OpenReadAsync(In(path), offset, cancellationToken);

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) => inner.OpenWriteAsync(In(path), mode, offset, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(In(path), cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => inner.DeleteFileAsync(In(path), cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(In(path), cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(In(from), In(to), overwrite, cancellationToken);

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => inner.CopyAsync(In(from), In(to), overwrite, cancellationToken);

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => inner.SetLastModifiedAsync(In(path), lastModified, cancellationToken);

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => inner.SetModeAsync(In(path), mode, cancellationToken);

    private VfsPath In(VfsPath path) => home.Append(path);
}
