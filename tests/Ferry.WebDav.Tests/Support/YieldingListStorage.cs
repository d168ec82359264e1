using System.Runtime.CompilerServices;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// A storage whose listings do not complete at once: every <paramref name="every"/>th step of a
/// listing yields, as a listing of a remote store would wait, so the listing's awaiting path is taken.
/// </summary>
internal sealed class YieldingListStorage(IStorage inner, int every) : ForwardingStorage(inner)
{
    public override async IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var entry in Inner.ListAsync(directory, cancellationToken))
        {
            if (count++ % every == 0)
            {
                await Task.Yield();
            }

            yield return entry;
        }
    }
}
