namespace Ferry.Core.Storage.Memory;

/// <summary>A read of one version of a file's content; later changes to the file do not reach it.</summary>
internal sealed class MemoryReadHandle(byte[] content, long offset) : IReadHandle
{
    public long Length => content.Length;

    public long Offset => offset;

    public Stream Content { get; } = offset >= content.Length
        ? new MemoryStream([], writable: false)
        : new MemoryStream(content, (int)offset, content.Length - (int)offset, writable: false);

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
