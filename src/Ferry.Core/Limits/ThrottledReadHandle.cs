using Ferry.Core.Storage;

namespace Ferry.Core.Limits;

/// <summary>
/// A download under a bandwidth limit: its bytes come through <see cref="Content"/>, paced by the
/// throttle. No facet is offered (sendfile would send past the limit), so protocols take their
/// buffered path; a limited transfer is not one where the kernel's copy matters.
/// </summary>
internal sealed class ThrottledReadHandle(IReadHandle inner, Throttle throttle) : IReadHandle
{
    public long Length => inner.Length;

    public long Offset => inner.Offset;

    public Stream Content { get; } = new ThrottledReadStream(inner.Content, throttle);

    public T? GetFacet<T>()
        where T : class => null;

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Reads at most one throttle piece at a time and waits out its debt before handing the bytes on.</summary>
    private sealed class ThrottledReadStream(Stream inner, Throttle throttle) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, throttle.PieceBytes)], cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                await throttle.TakeAsync(read, cancellationToken).ConfigureAwait(false);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, Math.Min(count, throttle.PieceBytes));
            if (read > 0 && throttle.Take(read) is { } wait && wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
