using System.Buffers;
using System.Net.Sockets;
using Ferry.Core.Net;
using Ferry.Testing;

namespace Ferry.Core.Tests.Net;

public sealed class FileSocketSenderTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public FileSocketSenderTests() => File.WriteAllBytes(_path, [.. Enumerable.Range(0, 1000).Select(i => (byte)(i % 251))]);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Large_counts_are_cut_into_several_elements_and_only_the_last_may_end_the_packet()
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true);

        var elements = FileSocketSender.FileElements(file, offset: 5, count: 25, endOfPacket: true, maxChunk: 10);

        Assert.Equal([5L, 15L, 25L], elements.Select(e => e.OffsetLong));
        Assert.Equal([10, 10, 5], elements.Select(e => e.Count));
        Assert.Equal([false, false, true], elements.Select(e => e.EndOfPacket));
        Assert.All(elements, e => Assert.Same(file, e.FileStream));
        Assert.All(FileSocketSender.FileElements(file, 5, 25, endOfPacket: false, maxChunk: 10), e => Assert.False(e.EndOfPacket));
    }

    [Fact]
    public async Task Bytes_before_and_a_range_of_the_file_arrive_in_order()
    {
        using var sockets = await LoopbackSockets.ConnectAsync();
        var (client, server) = (sockets.Client, sockets.Server);
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var sender = new FileSocketSender(server, continueOnCompletingThread: true);

        var (error, sent) = await sender.SendAsync(new ReadOnlySequence<byte>("head:"u8.ToArray()), file, offset: 100, count: 300, endOfPacket: true);
        server.Shutdown(SocketShutdown.Send);

        Assert.Equal(SocketError.Success, error);
        Assert.Equal(305, sent);
        using var received = new MemoryStream();
        await new NetworkStream(client).CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([.. "head:"u8.ToArray(), .. File.ReadAllBytes(_path).AsSpan(100, 300).ToArray()], received.ToArray());
    }

    [SkippableFact]
    public async Task The_send_is_corked_while_it_runs_and_uncorked_once_it_ends()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TCP_CORK is Linux's.");
        var large = Path.GetTempFileName();
        try
        {
            // More than loopback's buffers hold while the client reads nothing: the send stays pending.
            var content = new byte[32 * 1024 * 1024];
            new Random(7).NextBytes(content);
            await File.WriteAllBytesAsync(large, content);
            using var sockets = await LoopbackSockets.ConnectAsync();
            using var file = File.OpenHandle(large, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            var sender = new FileSocketSender(sockets.Server, continueOnCompletingThread: false);

            var sending = sender.SendAsync(ReadOnlySequence<byte>.Empty, file, 0, content.Length, endOfPacket: true);

            Assert.False(sending.IsCompleted);
            Assert.True(TcpCorkTests.IsSet(sockets.Server));
            var received = new byte[content.Length];
            await new NetworkStream(sockets.Client).ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            var (error, sent) = await sending.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(SocketError.Success, error);
            Assert.Equal(content.Length, sent);
            Assert.False(TcpCorkTests.IsSet(sockets.Server));
            Assert.Equal(content, received);
        }
        finally
        {
            File.Delete(large);
        }
    }
}
