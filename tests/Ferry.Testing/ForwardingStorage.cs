using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Testing;

/// <summary>
/// A storage that hands every call to <paramref name="inner"/>: a test storage derives from it and
/// overrides only the call it changes (a hook inside a read, a slow listing, a counted facet), so
/// the members it leaves alone, the naming rules among them, behave exactly as the inner storage's.
/// </summary>
public abstract class ForwardingStorage(IStorage inner) : IStorage
{
    protected IStorage Inner => inner;

    public virtual StorageCapabilities Capabilities => inner.Capabilities;

    public virtual bool PortableNames => inner.PortableNames;

    public virtual bool IgnoresCase => inner.IgnoresCase;

    public virtual ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => inner.StatAsync(path, cancellationToken);

    public virtual IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public virtual ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        inner.OpenReadAsync(path, offset, cancellationToken);

    public virtual ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) =>
        inner.OpenWriteAsync(path, mode, offset, cancellationToken);

    public virtual ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public virtual ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => inner.DeleteFileAsync(path, cancellationToken);

    public virtual ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(path, cancellationToken);

    public virtual ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) =>
        inner.RenameAsync(from, to, overwrite, cancellationToken);

    public virtual ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) =>
        inner.CopyAsync(from, to, overwrite, cancellationToken);

    public virtual ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) =>
        inner.SetLastModifiedAsync(path, lastModified, cancellationToken);

    public virtual ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => inner.SetModeAsync(path, mode, cancellationToken);
}
