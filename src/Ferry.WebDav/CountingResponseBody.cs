using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.WebDav;

/// <summary>
/// The response body feature while the audit log counts sc-bytes: the server's own feature with
/// every write counted on its way through. Its writer is the server's writer, passed straight
/// through (its memory, its flushes: no copy, no buffer of ours), unlike setting Response.Body to a
/// counting stream, which makes BodyWriter a PipeWriter over a Stream over the server's body and
/// copies every write once more. Bytes are counted when a flush hands them on; a flush that finds
/// the connection gone (IsCompleted) drops the bytes it carried, which were never sent.
/// </summary>
internal sealed class CountingResponseBody(IHttpResponseBodyFeature prior) : PipeWriter, IHttpResponseBodyFeature
{
    private readonly PipeWriter _writer = prior.Writer;
    private CountingStream? _stream;
    private long _flushed;
    private long _unflushed;

    public IHttpResponseBodyFeature Prior => prior;

    /// <summary>The server's own writer, for a caller that counts what it sends itself (<see cref="AddSent"/>).</summary>
    public PipeWriter Inner => _writer;

    /// <summary>
    /// The body bytes sent. Bytes written and not yet flushed when the request ends go out with the
    /// server's last flush, unless the client went away (<paramref name="aborted"/>).
    /// </summary>
    public long Sent(bool aborted) => _flushed + (aborted ? 0 : _unflushed) + (_stream?.Count ?? 0);

    /// <summary>Counts bytes that reached the client past this writer (a file the kernel sent in the body's place).</summary>
    public void AddSent(long bytes) => _flushed += bytes;

    // Writes through the stream go to the server's own stream (which writes into the server's
    // writer, never through this one, so nothing is counted twice). Made on first use: most
    // responses never touch it.
    public Stream Stream => _stream ??= new CountingStream(prior.Stream);

    public PipeWriter Writer => this;

    public void DisableBuffering() => prior.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => prior.StartAsync(cancellationToken);

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await prior.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        _flushed += count ?? (new FileInfo(path).Length - offset);
    }

    Task IHttpResponseBodyFeature.CompleteAsync() => prior.CompleteAsync();

    public override bool CanGetUnflushedBytes => _writer.CanGetUnflushedBytes;

    public override long UnflushedBytes => _writer.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        _writer.Advance(bytes);
        _unflushed += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        Settled(_writer.FlushAsync(cancellationToken));

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        // The server's own WriteAsync (Kestrel's copies straight into its buffers), not the base
        // class's, which would go through GetSpan and Advance one piece at a time.
        var write = _writer.WriteAsync(source, cancellationToken);
        _unflushed += source.Length;
        return Settled(write);
    }

    public override void CancelPendingFlush() => _writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _writer.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _writer.CompleteAsync(exception);

    /// <summary>Without a state machine when the flush completed at once, as most do.</summary>
    private ValueTask<FlushResult> Settled(ValueTask<FlushResult> flush)
    {
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            Settle(result);
            return new ValueTask<FlushResult>(result);
        }

        return SettledAsync(flush);
    }

    private async ValueTask<FlushResult> SettledAsync(ValueTask<FlushResult> flush)
    {
        var result = await flush.ConfigureAwait(false);
        Settle(result);
        return result;
    }

    private void Settle(FlushResult result)
    {
        if (result.IsCompleted)
        {
            // The connection's reader is done (the client went away): what this flush carried was dropped.
            _unflushed = 0;
        }
        else if (!result.IsCanceled)
        {
            // A cancelled flush keeps its bytes buffered; the next flush hands them on.
            _flushed += _unflushed;
            _unflushed = 0;
        }
    }
}
