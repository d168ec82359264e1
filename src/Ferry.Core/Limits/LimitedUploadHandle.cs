using Ferry.Core.Storage;

namespace Ferry.Core.Limits;

/// <summary>
/// An upload under a quota, a bandwidth limit, a largest file size or any of them: its bytes go
/// through <see cref="Content"/>, each piece held to the size cap (TooLarge) and reserved against the
/// quota (a piece that does not fit is refused with Quota and never written) and paced by the throttle. No facet is offered (splice would write past both), so
/// protocols take their buffered path. Commit and abort are the storage's own: a replace refused
/// half way leaves the old file whole.
/// </summary>
internal sealed class LimitedUploadHandle : IUploadHandle
{
    private readonly IUploadHandle _inner;
    private readonly QuotaTicket? _quota;
    private readonly SizeCap? _cap;
    private bool _committed;

    public LimitedUploadHandle(IUploadHandle inner, Throttle? throttle, QuotaTicket? quota, SizeCap? cap = null)
    {
        _inner = inner;
        _quota = quota;
        _cap = cap;
        Content = new LimitedWriteStream(inner.Content, throttle, quota, cap);
    }

    public Stream Content { get; }

    public T? GetFacet<T>()
        where T : class => null;

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        await _inner.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
        if (_quota is not null)
        {
            await _quota.SettleAsync(committed: true).ConfigureAwait(false);
        }
    }

    public async ValueTask CommitReplacingAsync(CancellationToken cancellationToken)
    {
        if (_quota is not null)
        {
            await _quota.ReplacingAsync().ConfigureAwait(false);
        }

        await _inner.CommitReplacingAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
        if (_quota is not null)
        {
            await _quota.SettleAsync(committed: true).ConfigureAwait(false);
        }
    }

    public async ValueTask AbortAsync()
    {
        await _inner.AbortAsync().ConfigureAwait(false);
        if (_cap is not null)
        {
            await _cap.AbortedAsync().ConfigureAwait(false);
        }

        if (_quota is not null)
        {
            await _quota.SettleAsync(committed: false).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        if (_cap is not null && !_committed)
        {
            await _cap.AbortedAsync().ConfigureAwait(false);
        }

        if (_quota is not null)
        {
            // Disposed without commit is an abort; after a commit or abort this does nothing.
            await _quota.SettleAsync(committed: false).ConfigureAwait(false);
        }
    }

    private sealed class LimitedWriteStream(Stream inner, Throttle? throttle, QuotaTicket? quota, SizeCap? cap) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!buffer.IsEmpty)
            {
                var piece = buffer[..Math.Min(buffer.Length, throttle?.PieceBytes ?? int.MaxValue)];
                cap?.Take(piece.Length);
                quota?.Reserve(piece.Length);
                if (throttle is not null)
                {
                    await throttle.TakeAsync(piece.Length, cancellationToken).ConfigureAwait(false);
                }

                await inner.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
                quota?.Wrote(piece.Length);
                buffer = buffer[piece.Length..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var remaining = buffer.AsSpan(offset, count);
            while (!remaining.IsEmpty)
            {
                var piece = remaining[..Math.Min(remaining.Length, throttle?.PieceBytes ?? int.MaxValue)];
                cap?.Take(piece.Length);
                quota?.Reserve(piece.Length);
                if (throttle?.Take(piece.Length) is { } wait && wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }

                inner.Write(piece);
                quota?.Wrote(piece.Length);
                remaining = remaining[piece.Length..];
            }
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
