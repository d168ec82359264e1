using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.WebDav.Tests;

/// <summary>
/// The audit's response body feature: writes go straight to the server's writer (its memory, no
/// copy) and are counted when a flush hands them on; what a flush to a gone client carried is not.
/// </summary>
public sealed class CountingResponseBodyTests
{
    [Fact]
    public async Task The_writer_hands_out_the_servers_own_memory_and_counts_what_is_flushed()
    {
        var pipe = new Pipe();
        var body = new CountingResponseBody(new PipeBody(pipe));

        var memory = body.Writer.GetMemory(100);
        Assert.True(MemoryMarshal.TryGetArray<byte>(memory, out var ours));
        "hello"u8.CopyTo(memory.Span);
        body.Writer.Advance(5);
        await body.Writer.FlushAsync();
        await body.Writer.WriteAsync("world"u8.ToArray());

        var read = await pipe.Reader.ReadAsync();
        Assert.Equal("helloworld"u8.ToArray(), read.Buffer.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(read.Buffer.First, out var theirs));
        Assert.Same(ours.Array, theirs.Array);
        Assert.Equal(10, body.Sent(aborted: false));
    }

    [Fact]
    public async Task A_flush_the_client_is_no_longer_there_for_is_not_counted()
    {
        var pipe = new Pipe();
        var body = new CountingResponseBody(new PipeBody(pipe));
        await body.Writer.WriteAsync(new byte[1000]);
        await pipe.Reader.CompleteAsync();

        body.Writer.GetMemory(500);
        body.Writer.Advance(500);
        var flushed = await body.Writer.FlushAsync();

        Assert.True(flushed.IsCompleted);
        Assert.Equal(1000, body.Sent(aborted: true));
        Assert.Equal(1000, body.Sent(aborted: false));
    }

    [Fact]
    public async Task Bytes_left_for_the_servers_last_flush_count_unless_the_client_went_away()
    {
        var body = new CountingResponseBody(new PipeBody(new Pipe()));
        await body.Writer.WriteAsync(new byte[100]);
        body.Writer.GetSpan(20);
        body.Writer.Advance(20);

        Assert.Equal(120, body.Sent(aborted: false));
        Assert.Equal(100, body.Sent(aborted: true));
    }

    [Fact]
    public async Task A_cancelled_flush_keeps_its_bytes_for_the_next()
    {
        var body = new CountingResponseBody(new PipeBody(new Pipe()));
        body.Writer.GetSpan(30);
        body.Writer.Advance(30);
        body.Writer.CancelPendingFlush();
        var cancelled = await body.Writer.FlushAsync();
        Assert.True(cancelled.IsCanceled);
        Assert.Equal(0, body.Sent(aborted: true));

        await body.Writer.FlushAsync();
        Assert.Equal(30, body.Sent(aborted: true));
    }

    [Fact]
    public async Task Writes_to_the_stream_and_a_sent_file_are_counted_too()
    {
        var pipe = new Pipe();
        var body = new CountingResponseBody(new PipeBody(pipe));
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, new byte[300]);
            await body.Stream.WriteAsync(new byte[40]);
            await body.SendFileAsync(path, 100, null);
            await body.SendFileAsync(path, 0, 7);
            body.AddSent(3);

            Assert.Equal(40 + 200 + 7 + 3, body.Sent(aborted: false));
            await pipe.Writer.FlushAsync();
            var read = await pipe.Reader.ReadAsync();
            Assert.Equal(40 + 200 + 7, read.Buffer.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A server's response body feature over a pipe: its writer and a stream into it.</summary>
    private sealed class PipeBody(Pipe pipe) : IHttpResponseBodyFeature
    {
        public Stream Stream { get; } = pipe.Writer.AsStream(leaveOpen: true);

        public PipeWriter Writer => pipe.Writer;

        public Task CompleteAsync() => pipe.Writer.CompleteAsync().AsTask();

        public void DisableBuffering()
        {
        }

        public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            await pipe.Writer.WriteAsync(bytes.AsMemory((int)offset, (int)(count ?? (bytes.Length - offset))), cancellationToken);
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
