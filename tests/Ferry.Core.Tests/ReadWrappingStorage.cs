using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Core.Tests;

/// <summary>
/// An in-memory storage whose read handles a test wraps (<see cref="Wrap"/>): to give them a facet a
/// local disk's have, or to act at a moment inside a read. Every other call goes to the storage as is.
/// </summary>
internal abstract class ReadWrappingStorage() : ForwardingStorage(new InMemoryStorage())
{
    protected abstract IReadHandle Wrap(IReadHandle handle);

    public override async ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        Wrap(await Inner.OpenReadAsync(path, offset, cancellationToken));
}
