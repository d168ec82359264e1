using System.Text;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// A storage where another client creates <paramref name="path"/> just after the first stat found
/// nothing: the race between a PUT's look and its write.
/// </summary>
internal sealed class LateFileStorage(IStorage inner, VfsPath path, string content) : ForwardingStorage(inner)
{
    private bool _created;

    public override async ValueTask<FileEntry?> StatAsync(VfsPath target, CancellationToken cancellationToken)
    {
        var entry = await Inner.StatAsync(target, cancellationToken);
        if (target == path && !_created)
        {
            _created = true;
            var upload = await Inner.OpenWriteAsync(path, WriteMode.Replace, 0, cancellationToken);
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
            await upload.CommitAsync(cancellationToken);
        }

        return entry;
    }
}
