using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ferry.WebDav.Transport;
using Microsoft.Win32.SafeHandles;

namespace Ferry.WebDav.Tests;

/// <summary>
/// The plain-HTTP send loop over a real loopback socket pair: pipe bytes and file regions reach the
/// wire in order, a region's placeholder bytes never do, and a short file aborts the connection.
/// The writes are made as Kestrel makes them (GetMemory, Advance, FlushAsync on the connection's output).
/// </summary>
public sealed class KernelSendConnectionTests : IDisposable
{
    /// <summary>What the tests write into placeholder memory: it must never show on the wire.</summary>
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("PLACEHOLDER-NEVER-SENT!");

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly string _path = Path.Combine(Path.GetTempPath(), "ferry-kernelsend-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task The_wire_carries_header_file_and_trailing_bytes_in_order_and_never_the_placeholders()
    {
        var content = WriteFile(3 * 1024 * 1024 + 17);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes]);
        var receiving = pair.ReceiveAllAsync();
        using var file = OpenAsync();

        await WriteAsync(pair.Connection.Output, "HTTP/1.1 200 OK\r\nContent-Length: 3145745\r\n\r\n"u8.ToArray());
        var flushed = await WriteRegionAsync(pair.Connection, file, 0, content.Length, fillWithMarker: true);
        await WriteAsync(pair.Connection.Output, "HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
        await pair.FinishAsync();

        var received = await receiving.WaitAsync(Bound);
        var expected = Concat("HTTP/1.1 200 OK\r\nContent-Length: 3145745\r\n\r\n"u8.ToArray(), content, "HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
        Assert.False(flushed.IsCompleted);
        Assert.Equal(-1, received.AsSpan().IndexOf(Marker));
        Assert.Equal(expected.Length, received.Length);
        Assert.True(expected.AsSpan().SequenceEqual(received));
        Assert.Null(pair.AbortedWith);
        Assert.True(pair.TransportOutputCompleted);
    }

    [Fact]
    public async Task A_region_from_an_offset_sends_that_part_of_the_file_and_two_regions_follow_each_other()
    {
        var content = WriteFile(2 * 1024 * 1024);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes]);
        var receiving = pair.ReceiveAllAsync();
        using var file = OpenAsync();

        await WriteAsync(pair.Connection.Output, "A"u8.ToArray());
        await WriteRegionAsync(pair.Connection, file, 12345, 300_000, fillWithMarker: true);
        await WriteAsync(pair.Connection.Output, "B"u8.ToArray());
        await WriteRegionAsync(pair.Connection, file, 1_500_000, 548_576, fillWithMarker: true);
        await pair.FinishAsync();

        var received = await receiving.WaitAsync(Bound);
        var expected = Concat("A"u8.ToArray(), content.AsSpan(12345, 300_000).ToArray(), "B"u8.ToArray(), content.AsSpan(1_500_000, 548_576).ToArray());
        Assert.Equal(-1, received.AsSpan().IndexOf(Marker));
        Assert.True(expected.AsSpan().SequenceEqual(received));
    }

    [Fact]
    public async Task A_file_shorter_than_its_region_aborts_the_connection_and_sends_no_placeholder_nor_anything_after()
    {
        var content = WriteFile(100 * 1024);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes]);
        var receiving = pair.ReceiveAllAsync();
        using var file = OpenAsync();

        await WriteAsync(pair.Connection.Output, "HEAD"u8.ToArray());
        var flushed = await WriteRegionAsync(pair.Connection, file, 0, 1024 * 1024, fillWithMarker: true);
        await WriteAsync(pair.Connection.Output, "AFTER"u8.ToArray());
        await pair.FinishAsync();

        var received = await receiving.WaitAsync(Bound);
        Assert.True(flushed.IsCompleted);
        Assert.True(pair.Connection.Writer.Failed);
        Assert.NotNull(pair.AbortedWith);
        Assert.Equal(-1, received.AsSpan().IndexOf(Marker));
        Assert.Equal(-1, received.AsSpan().IndexOf("AFTER"u8));
        Assert.True(received.Length < 4 + (1024 * 1024));
        Assert.True(received.AsSpan().StartsWith("HEAD"u8));
        Assert.True(received.AsSpan(4).SequenceEqual(content.AsSpan(0, received.Length - 4)));
    }

    [Fact]
    public async Task A_file_that_shrinks_while_it_is_sent_aborts_the_connection()
    {
        var content = WriteFile(16 * 1024 * 1024);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes], smallBuffers: true);
        using var file = OpenAsync();

        // The client reads nothing yet: the kernel's send stops once the small buffers are full.
        await WriteAsync(pair.Connection.Output, "HEAD"u8.ToArray());
        var writing = WriteRegionAsync(pair.Connection, file, 0, content.Length, fillWithMarker: true);
        await Task.Delay(200);
        using (var shrink = File.OpenHandle(_path, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.SetLength(shrink, 1024 * 1024);
        }

        var received = await pair.ReceiveAllAsync().WaitAsync(Bound);
        var flushed = await writing.WaitAsync(Bound);
        await pair.FinishAsync().WaitAsync(Bound);

        Assert.True(flushed.IsCompleted);
        Assert.NotNull(pair.AbortedWith);
        Assert.Equal(-1, received.AsSpan().IndexOf(Marker));
        Assert.True(received.Length <= 4 + (1024 * 1024));
        Assert.True(received.AsSpan(4).SequenceEqual(content.AsSpan(0, received.Length - 4)));
    }

    [Fact]
    public async Task A_client_that_closes_mid_transfer_ends_the_send_without_an_exception_out_of_the_server()
    {
        WriteFile(32 * 1024 * 1024);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes], smallBuffers: true);
        using var file = OpenAsync();

        await WriteAsync(pair.Connection.Output, "HEAD"u8.ToArray());
        var writing = WriteRegionAsync(pair.Connection, file, 0, 32 * 1024 * 1024, fillWithMarker: true);
        var first = new byte[4096];
        _ = await pair.Client.ReceiveAsync(first);
        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();

        var flushed = await writing.WaitAsync(Bound);
        await pair.FinishAsync().WaitAsync(Bound);

        Assert.True(flushed.IsCompleted);
        Assert.NotNull(pair.AbortedWith);
        Assert.True(pair.TransportOutputCompleted);
    }

    [Fact]
    public async Task A_flush_waiting_for_the_kernel_returns_cancelled_when_Kestrel_cancels_it()
    {
        WriteFile(16 * 1024 * 1024);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes], smallBuffers: true);
        using var file = OpenAsync();
        var output = pair.Connection.Output;

        // The client reads nothing: after AheadBytes announced, the flush waits for the kernel.
        pair.Connection.Writer.BeginRegion(file, 0, 16 * 1024 * 1024);
        ValueTask<FlushResult> waiting = default;
        for (var i = 0; i < 16 && (waiting = Announce(output)).IsCompleted; i++)
        {
            Assert.False((await waiting).IsCanceled);
        }

        Assert.False(waiting.IsCompleted);
        output.CancelPendingFlush();
        var flushed = await waiting.AsTask().WaitAsync(Bound);

        Assert.True(flushed.IsCanceled);
        Assert.False(flushed.IsCompleted);
        pair.Connection.Writer.AbandonRegion();
        pair.Client.Dispose();
        await pair.FinishAsync().WaitAsync(Bound);

        static ValueTask<FlushResult> Announce(PipeWriter output)
        {
            var memory = output.GetMemory(KernelSendConnection.PieceBytes);
            output.Advance(memory.Length);
            return output.FlushAsync();
        }
    }

    [Fact]
    public async Task More_bytes_than_the_region_holds_are_refused_and_never_sent()
    {
        WriteFile(1024);
        await using var pair = await SocketPair.OpenAsync(new byte[KernelSendConnection.PieceBytes]);
        var receiving = pair.ReceiveAllAsync();
        using var file = OpenAsync();

        var output = pair.Connection.Writer;
        output.BeginRegion(file, 0, 10);
        var memory = output.GetMemory(100);
        Marker.CopyTo(memory);
        Assert.Throws<InvalidOperationException>(() => output.Advance(Marker.Length));
        Assert.Throws<InvalidOperationException>(() => output.GetMemory(1));
        await pair.FinishAsync();

        var received = await receiving.WaitAsync(Bound);
        Assert.Empty(received);
    }

    private byte[] WriteFile(int length)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        File.WriteAllBytes(_path, content);
        return content;
    }

    private SafeFileHandle OpenAsync() => File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);

    private static async Task WriteAsync(PipeWriter output, byte[] bytes)
    {
        var memory = output.GetMemory(bytes.Length);
        bytes.CopyTo(memory);
        output.Advance(bytes.Length);
        await output.FlushAsync();
    }

    /// <summary>Announces a region and "writes" its bytes as GET does, each piece filled with the marker first.</summary>
    private static async Task<FlushResult> WriteRegionAsync(KernelSendConnection connection, SafeFileHandle file, long offset, long count, bool fillWithMarker)
    {
        var output = connection.Output;
        connection.Writer.BeginRegion(file, offset, count);
        var announced = 0L;
        var flushed = default(FlushResult);
        while (announced < count)
        {
            var memory = output.GetMemory(KernelSendConnection.PieceBytes);
            var piece = (int)Math.Min(memory.Length, count - announced);
            if (fillWithMarker)
            {
                for (var at = 0; at + Marker.Length <= piece; at += Marker.Length)
                {
                    Marker.CopyTo(memory[at..]);
                }
            }

            output.Advance(piece);
            announced += piece;
            flushed = await output.FlushAsync();
            if (flushed.IsCompleted)
            {
                connection.Writer.AbandonRegion();
                break;
            }
        }

        return flushed;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    /// <summary>A connected loopback pair; the server side wrapped as the middleware wraps Kestrel's connection.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly Pipe _transportOutput = new();

        private SocketPair(Socket client, Socket server, byte[] scratch)
        {
            Client = client;
            Server = server;
            var transport = new DuplexPipe(new Pipe().Reader, _transportOutput.Writer);
            Connection = new KernelSendConnection(server, transport, MemoryPool<byte>.Shared, scratch, error =>
            {
                AbortedWith = error;
                Server.Dispose();
            });
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public KernelSendConnection Connection { get; }

        public Exception? AbortedWith { get; private set; }

        public bool TransportOutputCompleted => _transportOutput.Reader.TryRead(out var result) && result.IsCompleted;

        public static async Task<SocketPair> OpenAsync(byte[] scratch, bool smallBuffers = false)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (smallBuffers)
            {
                client.ReceiveBufferSize = 64 * 1024;
            }

            await client.ConnectAsync(listener.LocalEndPoint!);
            var server = await listener.AcceptAsync();
            if (smallBuffers)
            {
                server.SendBufferSize = 64 * 1024;
            }

            return new SocketPair(client, server, scratch);
        }

        /// <summary>Ends the output as Kestrel does: completes it, then its transport closes the socket once the loop is done.</summary>
        public async Task FinishAsync()
        {
            await Connection.CompleteAsync();
            try
            {
                Server.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Aborted already.
            }
        }

        /// <summary>Everything the client receives until the server's side closes or resets.</summary>
        public async Task<byte[]> ReceiveAllAsync()
        {
            var received = new MemoryStream();
            var buffer = new byte[256 * 1024];
            try
            {
                while (true)
                {
                    var read = await Client.ReceiveAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Write(buffer, 0, read);
                }
            }
            catch (SocketException)
            {
                // A reset: the abort, as a client sees it.
            }

            return received.ToArray();
        }

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            Server.Dispose();
            return ValueTask.CompletedTask;
        }

        private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
        {
            public PipeReader Input => input;

            public PipeWriter Output => output;
        }
    }
}
