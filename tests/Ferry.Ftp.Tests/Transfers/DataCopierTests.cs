using System.IO.Pipelines;
using System.Text;
using Ferry.Ftp.Session;
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
