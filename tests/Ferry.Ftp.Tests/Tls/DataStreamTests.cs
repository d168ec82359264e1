using Ferry.Core.Net;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Tls;

public sealed class DataStreamTests
{
    [Fact]
    public async Task Handshake_writes_pass_through_and_later_small_writes_gather_until_flush()
    {
        var inner = new CountingStream();
        await using var stream = new DataStream(inner);

        await stream.WriteAsync(new byte[100]);
        Assert.Equal(1, inner.Writes);

        stream.HandshakeDone();
        for (var i = 0; i < 10; i++)
        {
            await stream.WriteAsync(new byte[4 * 1024]);
        }

        Assert.Equal(1, inner.Writes);
        await stream.FlushAsync();
        Assert.Equal(2, inner.Writes);
        Assert.Equal(100 + (10 * 4 * 1024), inner.Written);
    }

    [Fact]
    public async Task Full_records_are_sent_as_they_come_after_what_was_gathered_before_them()
    {
        var inner = new CountingStream();
        await using var stream = new DataStream(inner);
        stream.HandshakeDone();
        var small = new byte[] { 1, 2, 3 };
        var twoRecords = new byte[2 * ((16 * 1024) + 22)];
        twoRecords[0] = 4;

        await stream.WriteAsync(small);
        Assert.Equal(0, inner.Writes);
        await stream.WriteAsync(twoRecords);
        Assert.Equal(2, inner.Writes);
        await stream.WriteAsync(twoRecords);
        Assert.Equal(3, inner.Writes);

        await stream.FlushAsync();
        Assert.Equal(3, inner.Writes);
        Assert.Equal(small.Length + (2 * twoRecords.Length), inner.Written);
        Assert.Equal([1, 2, 3, 4], inner.Content[..4]);
    }

    [Fact]
    public async Task While_the_processor_is_contended_full_records_are_gathered_into_large_sends()
    {
        var inner = new CountingStream();
        var contention = new CpuContention(measure: false);
        contention.Add(10_000_000, 10_000_000); // half of the thread's time spent waiting for a processor
        await using var stream = new DataStream(inner, contention: contention);
        stream.HandshakeDone();
        var twoRecords = new byte[2 * ((16 * 1024) + 22)];
        var perSend = DataStream.BufferSize / twoRecords.Length;

        for (var i = 0; i < perSend; i++)
        {
            twoRecords[0] = (byte)i;
            await stream.WriteAsync(twoRecords);
        }

        Assert.Equal(0, inner.Writes);
        await stream.WriteAsync(twoRecords);
        Assert.Equal(1, inner.Writes);
        Assert.Equal(perSend * twoRecords.Length, inner.Written);

        contention.Add(20_000_000, 0); // a quiet window: the next full records go as they come
        await stream.WriteAsync(twoRecords);
        Assert.Equal(3, inner.Writes);
        await stream.FlushAsync();
        Assert.Equal(3, inner.Writes);
        Assert.Equal((perSend + 2) * twoRecords.Length, inner.Written);
        Assert.Equal(Enumerable.Range(0, perSend).Select(i => (byte)i), Enumerable.Range(0, perSend).Select(i => inner.Content[i * twoRecords.Length]));
    }

    [Fact]
    public async Task A_full_buffer_is_sent_before_more_is_gathered_and_nothing_is_lost()
    {
        var inner = new CountingStream();
        await using var stream = new DataStream(inner);
        stream.HandshakeDone();
        var record = new byte[(4 * 1024) + 22]; // a short record, as a listing's writes make
        var count = (DataStream.BufferSize / record.Length) + 1;

        for (var i = 0; i < count; i++)
        {
            record[0] = (byte)i;
            await stream.WriteAsync(record);
        }

        await stream.FlushAsync();
        Assert.Equal(2, inner.Writes);
        Assert.Equal(count * record.Length, inner.Written);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (byte)i), Enumerable.Range(0, count).Select(i => inner.Content[i * record.Length]));
    }

    [Fact]
    public async Task Records_the_first_bytes_read_one_byte_at_a_time_until_the_handshake_is_done()
    {
        var inner = new CountingStream(readable: [1, 2, 3, 4], maxRead: 1);
        await using var stream = new DataStream(inner);
        var one = new byte[1];

        await stream.ReadExactlyAsync(one);
        await stream.ReadExactlyAsync(one);
        Assert.Equal([1, 2], stream.Recorded.ToArray());

        stream.HandshakeDone();
        await stream.ReadExactlyAsync(one);
        Assert.Equal(3, one[0]);
        Assert.True(stream.Recorded.IsEmpty);
    }

    [Fact]
    public async Task Each_read_of_the_handshake_first_asks_for_prompt_acknowledgements_and_none_after_it()
    {
        var connection = new AcknowledgementCounter();
        await using var stream = new DataStream(new CountingStream(readable: [1, 2, 3, 4], maxRead: 1), connection);
        var one = new byte[1];

        await stream.ReadExactlyAsync(one);
        await stream.ReadExactlyAsync(one);
        Assert.Equal(2, connection.Acknowledgements);

        stream.HandshakeDone();
        await stream.ReadExactlyAsync(one);
        await stream.ReadExactlyAsync(one);
        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty)); // SslStream's wait for data, which reaches the connection.
        Assert.Equal(2, connection.Acknowledgements);
    }

    [Fact]
    public async Task After_the_handshake_small_reads_are_served_from_one_large_read()
    {
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        var inner = new CountingStream(readable: content, maxRead: int.MaxValue);
        await using var stream = new DataStream(inner);
        stream.HandshakeDone();

        var received = new MemoryStream();
        var small = new byte[5000];
        int read;
        while ((read = await stream.ReadAsync(small)) > 0)
        {
            received.Write(small, 0, read);
        }

        Assert.Equal(content, received.ToArray());
        Assert.Equal(2, inner.Reads); // One for the data, one for the end of the stream.
    }

    [Fact]
    public async Task A_zero_byte_read_returns_at_once_while_read_ahead_data_waits()
    {
        var inner = new CountingStream(readable: [1, 2, 3], maxRead: int.MaxValue);
        await using var stream = new DataStream(inner);
        stream.HandshakeDone();
        var one = new byte[1];
        await stream.ReadExactlyAsync(one);
        var reads = inner.Reads;

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));

        Assert.Equal(reads, inner.Reads);
        await stream.ReadExactlyAsync(one);
        Assert.Equal(2, one[0]);
    }

    private sealed class CountingStream(byte[]? readable = null, int maxRead = 1) : MemoryStream(readable ?? [])
    {
        private readonly MemoryStream _written = new();

        public int Writes { get; private set; }

        public int Reads { get; private set; }

        public long Written => _written.Length;

        public byte[] Content => _written.ToArray();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.ReadAsync(buffer[..Math.Min(maxRead, buffer.Length)], cancellationToken);
        }
    }

    private sealed class AcknowledgementCounter : Ferry.Ftp.Data.IChunkedReceive
    {
        public int Acknowledgements { get; private set; }

        public ValueTask<int> ReceiveChunkAsync(Memory<byte> buffer, int chunkBytes, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Small reads never go through the chunked receive.");

        public void AcknowledgePromptly() => Acknowledgements++;
    }
}
