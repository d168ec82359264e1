using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Storage;
using Ferry.Testing;
using Ferry.WebDav.Methods;
using Microsoft.Win32.SafeHandles;

namespace Ferry.WebDav.Tests;

/// <summary>PUT's copy from Kestrel's body reader into an upload's local file (the gathering path) and its fallback.</summary>
public sealed class StreamCopyTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "ferry-streamcopy-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_body_fed_one_byte_at_a_time_lands_whole_in_the_file_and_moves_its_position()
    {
        using var handle = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var upload = new FileUpload(handle, offerFile: true);
        var body = new Pipe();
        var text = "gathered, one byte at a time";
        var feeding = FeedAsync(body.Writer, Encoding.UTF8.GetBytes(text));

        var copied = await StreamCopy.ReceiveToEndAsync(body.Reader, upload, CancellationToken.None);

        await feeding;
        Assert.Equal(text.Length, copied);
        Assert.Equal(text.Length, upload.Position);
        Assert.Equal(text, Encoding.UTF8.GetString(RandomAccessRead(handle, text.Length)));
        Assert.Equal(0, upload.ContentBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(32 * 1024)]
    [InlineData(StreamCopy.TlsWriteBytes)]
    [InlineData(512 * 1024)]
    public async Task A_body_fed_in_uneven_chunks_lands_whole_and_in_order_in_pieces_of_any_size_or_none(int pieceBytes)
    {
        using var handle = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var upload = new FileUpload(handle, offerFile: true);
        var body = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

        // Pieces cross the body's chunks, and the last one is short: every byte must land once, in place.
        var bytes = new byte[(5 * StreamCopy.TlsWriteBytes) + 7];
        new Random(8).NextBytes(bytes);
        for (var at = 0; at < bytes.Length; at += 5000)
        {
            await body.Writer.WriteAsync(bytes.AsMemory(at, Math.Min(5000, bytes.Length - at)));
        }

        await body.Writer.CompleteAsync();

        var copied = await StreamCopy.ReceiveToEndAsync(body.Reader, upload, CancellationToken.None, pieceBytes: pieceBytes == 0 ? null : pieceBytes);

        Assert.Equal(bytes.Length, copied);
        Assert.Equal(bytes.Length, upload.Position);
        Assert.Equal(bytes, RandomAccessRead(handle, bytes.Length));
        Assert.Equal(bytes.Length, RandomAccess.GetLength(handle));
    }

    [Fact]
    public async Task A_cancelled_read_is_a_broken_body_never_its_end()
    {
        using var handle = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var upload = new FileUpload(handle, offerFile: true);
        var body = new Pipe();
        await body.Writer.WriteAsync("part"u8.ToArray());
        body.Reader.CancelPendingRead();

        // The first read may return the part together with the cancellation; either way the copy must fail.
        await Assert.ThrowsAsync<RequestBodyException>(() => StreamCopy.ReceiveToEndAsync(body.Reader, upload, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_that_breaks_off_is_a_RequestBodyException()
    {
        using var handle = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var upload = new FileUpload(handle, offerFile: true);
        var body = new Pipe();
        await body.Writer.WriteAsync("part"u8.ToArray());
        await body.Writer.CompleteAsync(new IOException("connection reset"));

        await Assert.ThrowsAsync<RequestBodyException>(() => StreamCopy.ReceiveToEndAsync(body.Reader, upload, CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_without_a_local_file_gets_the_body_through_its_stream()
    {
        using var handle = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var upload = new FileUpload(handle, offerFile: false);
        var body = new Pipe();
        var feeding = FeedAsync(body.Writer, "through the stream"u8.ToArray());

        var copied = await StreamCopy.ReceiveToEndAsync(body.Reader, upload, CancellationToken.None);

        await feeding;
        Assert.Equal(18, copied);
        Assert.Equal(18, upload.ContentBytes);
        Assert.Equal(0, upload.Position);
    }

    [Fact]
    public async Task Quick_writes_happen_on_the_thread_that_delivered_the_bytes()
    {
        var onPool = await WritersAsync(new FakeClock());

        Assert.All(onPool, Assert.False);
    }

    [Fact]
    public async Task After_a_slow_write_the_rest_of_the_upload_is_written_on_the_pool()
    {
        var onPool = await WritersAsync(new FakeClock { AutoAdvanceAmount = TimeSpan.FromMilliseconds(10) });

        Assert.False(onPool[0]);
        Assert.True(onPool.Count > 1);
        Assert.All(onPool.Skip(1), Assert.True);
    }

    /// <summary>
    /// Three rounds of 512 KiB fed from a thread of its own, the reader scheduled inline as Kestrel's is
    /// with inline completions (so a continuation runs on the feeding thread unless sent to the pool);
    /// for each round, whether its writes ran on a pool thread.
    /// </summary>
    private async Task<List<bool>> WritersAsync(TimeProvider clock)
    {
        using var handle = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite);
        var upload = new FileUpload(handle, offerFile: true);
        var body = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0));
        var round = new byte[512 * 1024];
        var feeder = new Thread(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                body.Writer.Write(round);
                body.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
            }

            body.Writer.Complete();
        });

        var copying = StreamCopy.ReceiveToEndAsync(body.Reader, upload, CancellationToken.None, clock: clock);
        feeder.Start();
        var copied = await copying;

        feeder.Join();
        Assert.Equal(3 * round.Length, copied);
        return upload.PositionSetOnPool;
    }

    private static async Task FeedAsync(PipeWriter writer, byte[] bytes)
    {
        foreach (var b in bytes)
        {
            await writer.WriteAsync(new[] { b });
        }

        await writer.CompleteAsync();
    }

    private static byte[] RandomAccessRead(SafeFileHandle handle, int length)
    {
        var bytes = new byte[length];
        Assert.Equal(length, RandomAccess.Read(handle, bytes, 0));
        return bytes;
    }

    /// <summary>An upload over an open file that offers it as <see cref="IReceivableFile"/> (or not) and counts what comes through Content.</summary>
    private sealed class FileUpload(SafeFileHandle handle, bool offerFile) : IUploadHandle, IReceivableFile
    {
        private readonly MemoryStream _content = new();

        public long ContentBytes => _content.Length;

        public Stream Content => _content;

        public SafeFileHandle File => handle;

        /// <summary>For each round (its writes end by moving the position), whether it ran on a pool thread.</summary>
        public List<bool> PositionSetOnPool { get; } = [];

        public long Position
        {
            get;
            set
            {
                field = value;
                PositionSetOnPool.Add(Thread.CurrentThread.IsThreadPoolThread);
            }
        }

        public T? GetFacet<T>()
            where T : class => offerFile ? this as T : null;

        public StorageException WriteFailed(int osError, string operation) => new(FileError.Quota, $"{operation} failed: {osError}");

        public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask AbortAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
