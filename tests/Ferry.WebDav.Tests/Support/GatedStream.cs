namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// A request body that delivers <paramref name="before"/> bytes, says so (<see cref="Reached"/>), and
/// waits for <see cref="Release"/> before it delivers the rest and ends: a slow client half way
/// through its upload, while the test looks at the server.
/// </summary>
internal sealed class GatedStream(byte[] before, byte[] after) : Stream
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _delivered;

    /// <summary>Completes when the first part has been read (and the reader asks for more).</summary>
    public Task Reached => _reached.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _delivered; set => throw new NotSupportedException(); }

    /// <summary>Lets the rest of the body come.</summary>
    public void Release() => _release.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_delivered == before.Length)
        {
            _reached.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }

        var all = before.Length + after.Length;
        var count = Math.Min(buffer.Length, (_delivered < before.Length ? before.Length : all) - _delivered);
        for (var i = 0; i < count; i++)
        {
            var at = _delivered + i;
            buffer.Span[i] = at < before.Length ? before[at] : after[at - before.Length];
        }

        _delivered += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
