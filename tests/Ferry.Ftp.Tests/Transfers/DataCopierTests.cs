using System.IO.Pipelines;
using System.Text;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Tests.Transfers;

public sealed class DataCopierTests
{
    [Fact]
    public async Task Receive_reports_progress_and_converts_type_a()
    {
        long moved = 0;
        var copier = new DataCopier(TimeSpan.FromSeconds(30), n => moved += n);
        using var destination = new MemoryStream();
        var received = await copier.ReceiveAsync(new MemoryStream(Encoding.ASCII.GetBytes("a\r\nb\r\n")), destination, TransferType.Ascii, CancellationToken.None);
        Assert.Equal(6, received);
        Assert.Equal(6, moved);
        Assert.Equal("a\nb\n", Encoding.ASCII.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task A_source_that_sends_nothing_ends_as_a_stall()
    {
        var silent = new Pipe(); // Nobody ever writes: the read waits until the stall timer fires.
        var copier = new DataCopier(TimeSpan.FromMilliseconds(200), _ => { });
        var stalled = await Assert.ThrowsAsync<TransferStalledException>(() =>
            copier.ReceiveAsync(silent.Reader.AsStream(), Stream.Null, TransferType.Image, CancellationToken.None));
        Assert.Contains("No data moved", stalled.Message);
    }

    [Fact]
    public async Task A_file_side_slower_than_the_stall_timeout_is_not_a_stall()
    {
        // A bandwidth limit holds the writes back; the client sends promptly and is no staller.
        var copier = new DataCopier(TimeSpan.FromMilliseconds(100), _ => { });
        var destination = new SlowWriteStream(TimeSpan.FromMilliseconds(400));

        var received = await copier.ReceiveAsync(new ChunkedStream(new byte[300 * 1024], 64 * 1024), destination, TransferType.Image, CancellationToken.None);

        Assert.Equal(300 * 1024, received);
        Assert.Equal(300 * 1024, destination.Length);
    }

    [Fact]
    public async Task A_file_read_slower_than_the_stall_timeout_is_not_a_stall()
    {
        await using var connection = new CollectingConnection();
        var copier = new DataCopier(TimeSpan.FromMilliseconds(100), _ => { });
        var content = new byte[300 * 1024];

        var sent = await copier.SendAsync(new FixedLengthRead(content, length: content.Length, offset: 0) { ReadDelay = TimeSpan.FromMilliseconds(400) }, connection, TransferType.Image, CancellationToken.None);

        Assert.Equal(content.Length, sent);
    }

    [Fact]
    public async Task Cancellation_by_abor_is_not_reported_as_a_stall()
    {
        var silent = new Pipe();
        using var abort = new CancellationTokenSource();
        var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });
        var copy = copier.ReceiveAsync(silent.Reader.AsStream(), Stream.Null, TransferType.Image, abort.Token);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
    }

    [Fact]
    public async Task Receive_gathers_small_reads_into_large_writes_without_losing_a_byte()
    {
        // 16 KiB per read, as SslStream returns one TLS record at a time.
        var content = Enumerable.Range(0, 1_000_003).Select(i => (byte)(i * 7)).ToArray();
        long moved = 0;
        var copier = new DataCopier(TimeSpan.FromSeconds(30), n => moved += n);
        var destination = new WriteCountingStream();

        var received = await copier.ReceiveAsync(new ChunkedStream(content, 16 * 1024), destination, TransferType.Image, CancellationToken.None);

        Assert.Equal(content.Length, received);
        Assert.Equal(content.Length, moved);
        Assert.Equal(content, destination.ToArray());
        Assert.Equal(8, destination.Writes); // ceil(1,000,003 / 128 KiB), not one write per 16 KiB read.
    }

    [Theory]
    [InlineData(TransferType.Image, true, true, true)]
    [InlineData(TransferType.Ascii, true, true, false)]
    [InlineData(TransferType.Image, false, true, false)]
    [InlineData(TransferType.Image, true, false, false)]
    public async Task Receive_goes_through_the_kernel_only_for_binary_into_a_local_file_over_a_capable_connection(
        TransferType type, bool localFile, bool capable, bool kernel)
    {
        using var scratch = new ScratchFile();
        var content = Encoding.ASCII.GetBytes("abcdef");
        await using var connection = new RecordingConnection(content, capable);
        await using var upload = new FakeUpload(localFile ? scratch.Open(startAt: 3) : null);
        long moved = 0;
        var copier = new DataCopier(TimeSpan.FromSeconds(30), n => moved += n);

        var received = await copier.ReceiveAsync(connection, upload, type, CancellationToken.None);

        Assert.Equal(content.Length, received);
        Assert.Equal(content.Length, moved);
        Assert.Equal(kernel, connection.ReceivedToFile);
        Assert.Equal(!kernel, connection.StreamRead);
        if (kernel)
        {
            Assert.Equal(3, connection.FileOffset);
            Assert.Equal(3 + content.Length, upload.GetFacet<IReceivableFile>()!.Position);
        }
        else
        {
            Assert.Equal(content, upload.Written.ToArray());
        }
    }

    [Fact]
    public async Task Receive_falls_back_to_the_stream_when_the_kernel_refuses()
    {
        using var scratch = new ScratchFile();
        var content = Encoding.ASCII.GetBytes("abcdef");
        await using var connection = new RecordingConnection(content, capable: true, refuses: true);
        await using var upload = new FakeUpload(scratch.Open(startAt: 0));
        var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });

        var received = await copier.ReceiveAsync(connection, upload, TransferType.Image, CancellationToken.None);

        Assert.Equal(content.Length, received);
        Assert.True(connection.ReceivedToFile);
        Assert.True(connection.StreamRead);
        Assert.Equal(content, upload.Written.ToArray());
    }

    private sealed class ScratchFile : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"ferry-copier-{Guid.NewGuid():N}.bin");

        public FileStream Open(long startAt)
        {
            var file = new FileStream(_path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
            file.Position = startAt;
            return file;
        }

        public void Dispose() => File.Delete(_path);
    }

    /// <summary>Records which way the bytes were taken: the kernel path writes them at the offset it is given.</summary>
    [Theory]
    [InlineData(TransferType.Image)]
    [InlineData(TransferType.Ascii)]
    public async Task Send_stops_at_the_length_the_file_had_when_opened(TransferType type)
    {
        // The file grew after it was opened: the client gets the size the 150 reply announced.
        var grown = Encoding.ASCII.GetBytes("line one\nline two\nappended later\n");
        await using var connection = new CollectingConnection();
        var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });

        var sent = await copier.SendAsync(new FixedLengthRead(grown, length: 18, offset: 0), connection, type, CancellationToken.None);

        var expected = type == TransferType.Ascii ? "line one\r\nline two\r\n" : "line one\nline two\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(connection.Written));
        Assert.Equal(expected.Length, sent);
    }

    [Fact]
    public async Task Send_from_an_offset_sends_the_rest_of_the_opened_length()
    {
        var content = Encoding.ASCII.GetBytes("0123456789");
        await using var connection = new CollectingConnection();
        var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });

        var sent = await copier.SendAsync(new FixedLengthRead(content, length: 8, offset: 3), connection, TransferType.Image, CancellationToken.None);

        Assert.Equal("34567", Encoding.ASCII.GetString(connection.Written));
        Assert.Equal(5, sent);
    }

    [Theory]
    [InlineData(TransferType.Image, true, true)]
    [InlineData(TransferType.Ascii, true, false)]
    [InlineData(TransferType.Image, false, false)]
    public async Task Send_hands_the_file_to_the_kernel_only_for_binary_from_a_sendable_file(TransferType type, bool sendable, bool kernel)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ferry-copier-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("0123456789"));
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            await using var connection = new SendFileRecordingConnection();
            var read = new FixedLengthRead(Encoding.ASCII.GetBytes("0123456789"), length: 10, offset: 3) { Sendable = sendable ? handle : null };
            var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });

            var sent = await copier.SendAsync(read, connection, type, CancellationToken.None);

            Assert.Equal(7, sent);
            Assert.Equal(kernel ? [(3L, 7L)] : [], connection.SentFromFile);
            Assert.All(connection.Files, f => Assert.Same(handle, f));
            Assert.Equal(kernel ? "" : "3456789", Encoding.ASCII.GetString(connection.Written));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Send_through_the_kernel_stops_where_a_file_that_shrank_under_it_ends()
    {
        // Opened at 10 bytes; another session then cut it to 4 (REST 4 + STOR resuming into it).
        var path = Path.Combine(Path.GetTempPath(), $"ferry-copier-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("0123"));
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            await using var connection = new SendFileRecordingConnection();
            var read = new FixedLengthRead(Encoding.ASCII.GetBytes("0123456789"), length: 10, offset: 1) { Sendable = handle };
            var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });

            var sent = await copier.SendAsync(read, connection, TransferType.Image, CancellationToken.None);

            Assert.Equal(3, sent);
            Assert.Equal([(1L, 3L)], connection.SentFromFile);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A connection that can send files and records what it was asked to send from one.</summary>
    private sealed class SendFileRecordingConnection : IDataConnection
    {
        private readonly MemoryStream _sent = new();

        public List<(long Offset, long Count)> SentFromFile { get; } = [];

        public List<Microsoft.Win32.SafeHandles.SafeFileHandle> Files { get; } = [];

        public byte[] Written => _sent.ToArray();

        public Stream Stream => _sent;

        public bool CanSendFile => true;

        public bool CanReceiveToFile => false;

        public ValueTask SendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken)
        {
            Files.Add(file);
            SentFromFile.Add((offset, count));
            return ValueTask.CompletedTask;
        }

        public ValueTask<long> ReceiveToFileAsync(Core.Storage.IReceivableFile file, Action<long> progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => _sent.DisposeAsync();
    }

    /// <summary>A download's data connection that keeps what it was sent.</summary>
    private sealed class CollectingConnection : IDataConnection
    {
        private readonly MemoryStream _sent = new();

        public byte[] Written => _sent.ToArray();

        public Stream Stream => _sent;

        public bool CanSendFile => false;

        public bool CanReceiveToFile => false;

        public ValueTask SendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<long> ReceiveToFileAsync(Core.Storage.IReceivableFile file, Action<long> progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => _sent.DisposeAsync();
    }

    /// <summary>A read handle whose content stream (from the offset on) runs past the length it reports.</summary>
    private sealed class FixedLengthRead(byte[] whole, long length, long offset) : IReadHandle
    {
        /// <summary>The file offered as the sendfile facet, or null for none.</summary>
        public Microsoft.Win32.SafeHandles.SafeFileHandle? Sendable { get; init; }

        public long Length => length;

        public long Offset => offset;

        /// <summary>How long each read of the content takes (a bandwidth limit holding it back); zero: none.</summary>
        public TimeSpan ReadDelay { get; init; }

        public Stream Content => field ??= ReadDelay > TimeSpan.Zero
            ? new SlowReadStream(whole, (int)offset, ReadDelay)
            : new MemoryStream(whole, (int)offset, whole.Length - (int)offset);

        public T? GetFacet<T>()
            where T : class => Sendable is { } file ? new SendableFile(file) as T ?? this as T : this as T;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class SendableFile(Microsoft.Win32.SafeHandles.SafeFileHandle file) : ISendableFile
        {
            public Microsoft.Win32.SafeHandles.SafeFileHandle File => file;
        }
    }

    private sealed class RecordingConnection(byte[] content, bool capable, bool refuses = false) : IDataConnection
    {
        private readonly ReadRecordingStream _stream = new(content);

        public bool ReceivedToFile { get; private set; }

        public bool StreamRead => _stream.WasRead;

        public long FileOffset { get; private set; } = -1;

        public Stream Stream => _stream;

        public bool CanSendFile => false;

        public bool CanReceiveToFile => capable;

        public ValueTask SendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<long> ReceiveToFileAsync(Core.Storage.IReceivableFile file, Action<long> progress, CancellationToken cancellationToken)
        {
            ReceivedToFile = true;
            if (refuses)
            {
                throw new NotSupportedException();
            }

            FileOffset = file.Position;
            RandomAccess.Write(file.File, content, file.Position);
            progress(content.Length);
            return ValueTask.FromResult((long)content.Length);
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }

    private sealed class ReadRecordingStream(byte[] content) : MemoryStream(content)
    {
        public bool WasRead { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WasRead = true;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }

    private sealed class FakeUpload(FileStream? localFile) : IUploadHandle
    {
        public MemoryStream Written { get; } = new();

        public Stream Content => Written;

        public T? GetFacet<T>()
            where T : class => localFile is null ? this as T : new ReceivableFileStream(localFile) as T ?? this as T;

        public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask AbortAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (localFile is not null)
            {
                await localFile.DisposeAsync();
            }
        }
    }

    private sealed class SlowWriteStream(TimeSpan delay) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            await base.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class SlowReadStream(byte[] content, int offset, TimeSpan delay) : MemoryStream(content, offset, content.Length - offset)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }
    }

    private sealed class ChunkedStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    private sealed class WriteCountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
