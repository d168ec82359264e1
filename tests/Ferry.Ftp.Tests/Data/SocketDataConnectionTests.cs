using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Ferry.Core.Files;
using Ferry.Core.Net;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;
using Ferry.Testing;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Ftp.Tests.Data;

public sealed class SocketDataConnectionTests : IDisposable
{
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(20));
    private readonly DataConnectionRegistry _registry = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ferry-data-{Guid.NewGuid():N}.bin");
    private readonly byte[] _content;

    public SocketDataConnectionTests()
    {
        // A length that is no multiple of any buffer size, and bytes whose position can be told apart.
        _content = new byte[300_007];
        new Random(42).NextBytes(_content);
        File.WriteAllBytes(_path, _content);
    }

    public void Dispose()
    {
        _registry.CloseAllAsync().GetAwaiter().GetResult();
        File.Delete(_path);
        _hang.Dispose();
    }

    /// <summary>A data connection and its peer, on loopback: with <paramref name="copiesFiles"/> files are sent as copies, else by sendfile.</summary>
    private async Task<(SocketDataConnection Connection, Socket Peer)> PairAsync(Action<Socket>? tuneServerSide = null, Action<Socket>? tunePeer = null, bool copiesFiles = false)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tunePeer?.Invoke(listener);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tuneServerSide?.Invoke(ours);
        await ours.ConnectAsync(listener.LocalEndPoint!);
        var peer = await listener.AcceptAsync(_hang.Token);
        return (SocketDataConnection.Open(ours, _registry, copiesFiles), peer);
    }

    /// <summary>The file as a read handle's sendfile facet gives it: opened for asynchronous I/O.</summary>
    private SafeFileHandle OpenFile() =>
        File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_on_this_machine_is_sent_copies_when_the_options_say_so(bool copyToLocalClients)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copyToLocalClients);
        using (peer)
        await using (connection)
        {
            Assert.Equal(copyToLocalClients, connection.CopiesFiles);
        }
    }

    [Fact]
    public async Task A_client_elsewhere_is_always_sent_files_by_the_kernel()
    {
        var (connection, peer) = await PairAsync(copiesFiles: false);
        using (peer)
        await using (connection)
        {
            Assert.True(connection.SendsByKernel);
        }
    }

    [Fact]
    public async Task A_local_client_is_sent_copies_until_the_copy_finds_the_processor_contended_then_by_the_kernel()
    {
        var (connection, peer) = await PairAsync(copiesFiles: true);
        using (peer)
        await using (connection)
        using (var file = OpenFile())
        {
            var receive = Loopback.ReadToEndAsync(peer, _hang.Token);
            Assert.False(connection.SendsByKernel);
            await connection.SendFileAsync(file, 0, 200_000, _hang.Token);
            Assert.NotNull(connection.Contention); // the copy counted what it sent
            Assert.False(connection.SendsByKernel);

            connection.Contention.Add(0, 1_000_000_000); // a second spent waiting: a full window
            Assert.True(connection.SendsByKernel);
            await connection.SendFileAsync(file, 200_000, 100_007, _hang.Token);
            await connection.CompleteAsync(_hang.Token);

            Assert.Equal(_content, await receive);
        }
    }

    [Theory]
    [InlineData(0, 300_007, false)]
    [InlineData(150_000, 150_007, false)]
    [InlineData(1_000, 5_000, false)]
    [InlineData(300_006, 1, false)]
    [InlineData(0, 300_007, true)]
    [InlineData(150_000, 150_007, true)]
    [InlineData(1_000, 5_000, true)]
    [InlineData(300_006, 1, true)]
    public async Task SendFileSendsExactlyTheRange(long offset, long count, bool copies)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        using (var file = OpenFile())
        {
            var receive = Loopback.ReadToEndAsync(peer, _hang.Token);

            await connection.SendFileAsync(file, offset, count, _hang.Token);
            await connection.CompleteAsync(_hang.Token);

            Assert.Equal(_content.AsSpan((int)offset, (int)count).ToArray(), await receive);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFileDoesNotDependOnTheFilePosition(bool copies)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var stream = new FileStream(OpenFile(), FileAccess.Read, bufferSize: 0, isAsync: true))
        {
            stream.Position = 12_345;
            var receive = Loopback.ReadToEndAsync(peer, _hang.Token);

            await connection.SendFileAsync(stream.SafeFileHandle, 100, 200, _hang.Token);
            await connection.CompleteAsync(_hang.Token);

            Assert.Equal(_content.AsSpan(100, 200).ToArray(), await receive);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFileOfNothingSendsNothing(bool copies)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        using (var file = OpenFile())
        {
            await connection.SendFileAsync(file, 1_000, 0, _hang.Token);
            await connection.CompleteAsync(_hang.Token);

            Assert.Empty(await Loopback.ReadToEndAsync(peer, _hang.Token));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFilePastTheEndIsABrokenTransferNotAnArgumentError(bool copies)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        using (var file = OpenFile())
        {
            // The file may have shrunk under a running download: the engine answers IOException with 426.
            await Assert.ThrowsAsync<IOException>(async () =>
                await connection.SendFileAsync(file, 300_000, 8, _hang.Token));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFileOfAFileCutWhileItIsSentEndsInsteadOfHanging(bool copies)
    {
        // Tiny buffers and a peer that reads only after the cut, so the send is (most likely) under way
        // when the file shrinks: another session resuming an upload into it cuts it at its restart
        // point. Whichever comes first, the send ends, as a success or as a broken transfer, never hangs.
        var (connection, peer) = await PairAsync(
            tuneServerSide: s => s.SendBufferSize = 4096,
            tunePeer: s => s.ReceiveBufferSize = 4096,
            copiesFiles: copies);
        using (peer)
        await using (connection)
        using (var file = OpenFile())
        {
            var sending = connection.SendFileAsync(file, 0, _content.Length, _hang.Token).AsTask();
            await Task.Delay(100);
            using (var writer = File.OpenHandle(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                RandomAccess.SetLength(writer, 20_000);
            }

            var reading = Loopback.ReadToEndAsync(peer, _hang.Token);
            var outcome = await Record.ExceptionAsync(() => sending);
            Assert.True(outcome is null or IOException, $"ended with {outcome}");
            await connection.CompleteAsync(_hang.Token);
            var received = await reading;
            Assert.True(received.Length <= _content.Length);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFileStopsWhenCancelled(bool copies)
    {
        // Tiny buffers and a peer that never reads: the send cannot finish, so only cancellation ends it.
        var (connection, peer) = await PairAsync(
            tuneServerSide: s => s.SendBufferSize = 4096,
            tunePeer: s => s.ReceiveBufferSize = 4096,
            copiesFiles: copies);
        using (peer)
        await using (connection)
        using (var file = OpenFile())
        using (var cancel = new CancellationTokenSource())
        {
            var send = connection.SendFileAsync(file, 0, _content.Length, cancel.Token).AsTask();
            Assert.False(send.IsCompleted);

            await cancel.CancelAsync();

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
            Assert.Equal(cancel.Token, ex.CancellationToken);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFileNeverClosesTheCallersHandle(bool copies)
    {
        using var file = OpenFile();
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        {
            await using (connection)
            {
                var receive = Loopback.ReadToEndAsync(peer, _hang.Token);
                await connection.SendFileAsync(file, 0, 100, _hang.Token);
                await connection.SendFileAsync(file, 100, 100, _hang.Token);
                await connection.CompleteAsync(_hang.Token);
                Assert.Equal(_content.AsSpan(0, 200).ToArray(), await receive);
            }

            // The stream SendPacketsElement needed is gone with the connection; the handle is not.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            Assert.False(file.IsClosed);
            var buffer = new byte[4];
            Assert.Equal(4, RandomAccess.Read(file, buffer, 10));
            Assert.Equal(_content.AsSpan(10, 4).ToArray(), buffer);
        }
    }

    [Fact]
    public async Task CompleteGivesThePeerEndOfFileButKeepsTheOtherDirectionOpen()
    {
        var (connection, peer) = await PairAsync();
        using (peer)
        await using (connection)
        {
            await connection.Stream.WriteAsync("data"u8.ToArray(), _hang.Token);
            await connection.CompleteAsync(_hang.Token);

            Assert.Equal("data"u8.ToArray(), await Loopback.ReadToEndAsync(peer, _hang.Token));

            await peer.SendAsync("back"u8.ToArray(), SocketFlags.None);
            var buffer = new byte[4];
            await connection.Stream.ReadExactlyAsync(buffer, _hang.Token);
            Assert.Equal("back"u8.ToArray(), buffer);
        }
    }

    [Fact]
    public async Task DisposeClosesTheSocketAndLeavesTheRegistry()
    {
        var (connection, peer) = await PairAsync();
        using (peer)
        {
            Assert.Equal(1, _registry.Count);

            await connection.DisposeAsync();
            await connection.DisposeAsync();

            Assert.Equal(0, _registry.Count);
            Assert.True(await Loopback.IsClosedByPeerAsync(peer, _hang.Token));
        }
    }

    private static async Task SendInPiecesAsync(Socket peer, byte[] content, CancellationToken cancellationToken)
    {
        // Uneven pieces, so that chunks on the receiving side do not line up with the writes.
        var random = new Random(7);
        var sent = 0;
        while (sent < content.Length)
        {
            var piece = Math.Min(content.Length - sent, random.Next(1, 300_000));
            sent += await peer.SendAsync(content.AsMemory(sent, piece), SocketFlags.None, cancellationToken);
        }
    }

    private FileStream OpenWritable() =>
        new(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileWritesEveryByteAtTheOffsetAndReportsProgress(bool copies)
    {
        var upload = new byte[10 * 1024 * 1024];
        new Random(3).NextBytes(upload);
        const long Offset = 1_000;
        long progress = 0;
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var file = OpenWritable())
        {
            Assert.True(connection.CanReceiveToFile);
            var send = Task.Run(async () =>
            {
                await SendInPiecesAsync(peer, upload, _hang.Token);
                peer.Shutdown(SocketShutdown.Send);
            });

            var received = await connection.ReceiveToFileAsync(new ReceivableFileStream(file) { Position = Offset }, n => progress += n, _hang.Token);
            await send;

            Assert.Equal(upload.Length, received);
            Assert.Equal(upload.Length, progress);
        }

        var written = await File.ReadAllBytesAsync(_path);
        Assert.Equal(Offset + upload.Length, written.Length);
        Assert.Equal(_content.AsSpan(0, (int)Offset).ToArray(), written.AsSpan(0, (int)Offset).ToArray());
        Assert.True(upload.AsSpan().SequenceEqual(written.AsSpan((int)Offset)), "the received bytes differ");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileEndsAtThePeersEndOfFileWithWhatArrived(bool copies)
    {
        var part = _content.AsSpan(0, 12_345).ToArray();
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var file = OpenWritable())
        {
            file.SetLength(0);
            await peer.SendAsync(part, SocketFlags.None, _hang.Token);
            peer.Shutdown(SocketShutdown.Send);

            var received = await connection.ReceiveToFileAsync(new ReceivableFileStream(file), _ => { }, _hang.Token);

            Assert.Equal(part.Length, received);
        }

        Assert.Equal(part, await File.ReadAllBytesAsync(_path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileThatIsCancelledEndsAsCancelled(bool copies)
    {
        long progress = 0;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(_hang.Token);
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var file = OpenWritable())
        {
            var receive = connection.ReceiveToFileAsync(new ReceivableFileStream(file), n => Interlocked.Add(ref progress, n), abort.Token).AsTask();
            await peer.SendAsync(_content, SocketFlags.None, _hang.Token);

            // Bounded by _hang: wait until the first bytes are in, then cancel while the peer stays open.
            while (Interlocked.Read(ref progress) < _content.Length)
            {
                await Task.Delay(10, _hang.Token);
            }

            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileTakesTheBytesOfAPeerSlowerThanAChunkWhileItStaysOpen(bool copies)
    {
        // The socket wakes the receiver per chunk (SO_RCVLOWAT), and a few bytes are far less than one:
        // they must still be taken (and counted, for STAT and the stall timer) before the peer closes.
        long progress = 0;
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var file = OpenWritable())
        {
            file.SetLength(0);
            var receive = connection.ReceiveToFileAsync(new ReceivableFileStream(file), n => Interlocked.Add(ref progress, n), _hang.Token).AsTask();
            foreach (var (start, length) in new[] { (0, 1_000), (1_000, 10), (1_010, 1) })
            {
                await peer.SendAsync(_content.AsMemory(start, length), SocketFlags.None, _hang.Token);

                // Bounded by _hang: the receiver takes the piece while the peer stays open.
                while (Interlocked.Read(ref progress) < start + length)
                {
                    await Task.Delay(10, _hang.Token);
                }
            }

            Assert.False(receive.IsCompleted);
            peer.Shutdown(SocketShutdown.Send);
            Assert.Equal(1_011, await receive);
        }

        Assert.Equal(_content.AsSpan(0, 1_011).ToArray(), await File.ReadAllBytesAsync(_path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileFailsWithAnIOExceptionWhenThePeerResets(bool copies)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        await using (connection)
        await using (var file = OpenWritable())
        {
            var receive = connection.ReceiveToFileAsync(new ReceivableFileStream(file), _ => { }, _hang.Token).AsTask();
            await peer.SendAsync(_content.AsMemory(0, 1_000), SocketFlags.None, _hang.Token);
            peer.LingerState = new LingerOption(true, 0); // close sends RST, not FIN
            peer.Dispose();

            await Assert.ThrowsAsync<IOException>(() => receive);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileWritesQuickChunksOnTheSocketThreadThatReportedThem(bool copies)
    {
        var onPool = await ChunkThreadsAsync(slowWrites: false, copies);

        // The first chunks are taken where the call began (a pool thread); the ones the socket reported
        // after a wait, on the socket thread.
        Assert.Contains(false, onPool);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileWritesTheRestOnThePoolAfterASlowWrite(bool copies)
    {
        var onPool = await ChunkThreadsAsync(slowWrites: true, copies);

        Assert.True(onPool.Count > 1, $"{onPool.Count} chunk(s)");
        Assert.DoesNotContain(false, onPool);
    }

    /// <summary>
    /// An upload received (spliced, or copied when <paramref name="copies"/>) with <see cref="SocketDataConnection.ReceiveOnSocketThread"/> on, in pieces larger
    /// than the loop's wake-up mark with pauses between them, so that each piece is reported by the socket;
    /// every write takes 10 ms by the clock when <paramref name="slowWrites"/>, none otherwise. For each
    /// chunk, whether it was written on a pool thread.
    /// </summary>
    private async Task<List<bool>> ChunkThreadsAsync(bool slowWrites, bool copies)
    {
        var upload = new byte[8 * 1024 * 1024];
        new Random(5).NextBytes(upload);
        var onPool = new List<bool>();
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var file = OpenWritable())
        {
            connection.ReceiveOnSocketThread = true;
            connection.Clock = new FakeClock { AutoAdvanceAmount = slowWrites ? TimeSpan.FromMilliseconds(10) : TimeSpan.Zero };
            var send = Task.Run(async () =>
            {
                const int Piece = 1024 * 1024;
                for (var sent = 0; sent < upload.Length; sent += Piece)
                {
                    await peer.SendAsync(upload.AsMemory(sent, Piece), SocketFlags.None, _hang.Token);
                    await Task.Delay(20, _hang.Token);
                }

                peer.Shutdown(SocketShutdown.Send);
            });

            // Called from a pool thread, as the engine calls it: a chunk off the pool was written where the
            // socket reported it. The progress report runs right after each chunk's write, on its thread.
            var received = await Task.Run(() => connection.ReceiveToFileAsync(new ReceivableFileStream(file), _ => onPool.Add(Thread.CurrentThread.IsThreadPoolThread), _hang.Token).AsTask());
            await send;
            Assert.Equal(upload.Length, received);
        }

        var written = await File.ReadAllBytesAsync(_path);
        Assert.True(upload.AsSpan().SequenceEqual(written), "the received bytes differ");
        return onPool;
    }

    [Fact]
    public async Task ReceiveChunkTakesFewerBytesThanAChunkFromAPeerThatStaysOpen()
    {
        // Below the wake-up mark the socket wakes nobody; the bound must still take the bytes.
        var (connection, peer) = await PairAsync();
        using (peer)
        await using (connection)
        {
            var buffer = new byte[64 * 1024];
            var receiving = connection.ReceiveChunkAsync(buffer, 32 * 1024, _hang.Token);
            Assert.False(receiving.IsCompleted); // waiting, with the mark set, before anything arrives
            await peer.SendAsync(_content.AsMemory(0, 1_000), SocketFlags.None, _hang.Token);

            var received = await receiving;

            Assert.Equal(1_000, received);
            Assert.Equal(_content.AsSpan(0, 1_000).ToArray(), buffer.AsSpan(0, 1_000).ToArray());
        }
    }

    [Fact]
    public async Task ReceiveChunkTakesWhatIsThereAtOnceAndEndsWithZeroAtThePeersEnd()
    {
        var (connection, peer) = await PairAsync();
        using (peer)
        await using (connection)
        {
            await peer.SendAsync(_content, SocketFlags.None, _hang.Token);
            peer.Shutdown(SocketShutdown.Send);
            var buffer = new byte[64 * 1024];
            var received = new MemoryStream();

            // Bounded: each call takes at least a byte until the end.
            int read;
            while ((read = await connection.ReceiveChunkAsync(buffer, 32 * 1024, _hang.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            Assert.Equal(_content, received.ToArray());
        }
    }

    [Fact]
    public async Task A_large_TLS_upload_from_a_client_that_waits_for_close_notify_is_read_to_its_end()
    {
        // Past DataStream.ChunkedAfterBytes the records are received a chunk per wake-up; the last ones
        // and the client's close_notify are fewer bytes than a chunk, and this client (as Python's
        // ftplib) sends nothing more and does not close until it has our close_notify.
        var upload = new byte[(int)DataStream.ChunkedAfterBytes + 1_234_567];
        new Random(9).NextBytes(upload);
        var (connection, peer) = await PairAsync();
        using (peer)
        await using (connection)
        {
            var accepting = TlsDataConnection.AcceptAsync(connection, TestCertificate.Options(), upload: true, _hang.Token);
            await using var client = await TestCertificate.ConnectAsync(new NetworkStream(peer, ownsSocket: false));
            await using var tls = await accepting;

            const int Tail = 1_000;
            var sending = Task.Run(async () =>
            {
                await client.WriteAsync(upload.AsMemory(0, upload.Length - Tail), _hang.Token);

                // The server takes all that and waits for a chunk; the tail comes after the pause.
                await Task.Delay(100, _hang.Token);
                await client.WriteAsync(upload.AsMemory(upload.Length - Tail), _hang.Token);
                await client.ShutdownAsync();
            });
            var received = await FtpTestServer.ReadAllAsync(tls.Stream).WaitAsync(_hang.Token);
            await sending;

            Assert.True(upload.AsSpan().SequenceEqual(received), "the received bytes differ");
            Assert.False(tls.EndedWithoutCloseNotify);
        }
    }

    [SkippableTheory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task A_TLS_upload_acknowledges_the_clients_segments_at_once_after_the_handshake(SslProtocols protocol)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TCP_QUICKACK is Linux's");

        // Linux reports through TCP_QUICKACK whether the socket is out of TCP's interactive mode, the
        // one that delays the ACK of a client's last small record (and so the close_notify behind it) by 40 ms.
        Socket? ours = null;
        var (connection, peer) = await PairAsync(tuneServerSide: socket => ours = socket);
        using (peer)
        await using (connection)
        {
            var accepting = TlsDataConnection.AcceptAsync(connection, TestCertificate.Options(), upload: true, _hang.Token);
            await using var client = await TestCertificate.ConnectAsync(new NetworkStream(peer, ownsSocket: false), protocol);
            await using var tls = await accepting;

            var quickAck = new byte[4];
            ours!.GetRawSocketOption(6 /* IPPROTO_TCP */, 12 /* TCP_QUICKACK */, quickAck);
            Assert.Equal(1, BitConverter.ToInt32(quickAck));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveToFileReportsAFailedFileWriteAsTheFacetSays(bool copies)
    {
        var (connection, peer) = await PairAsync(copiesFiles: copies);
        using (peer)
        await using (connection)
        await using (var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            var target = new ReceivableFileStream(full);
            await peer.SendAsync(_content.AsMemory(0, 1_000), SocketFlags.None, _hang.Token);
            peer.Shutdown(SocketShutdown.Send);

            var failure = await Assert.ThrowsAsync<StorageException>(async () =>
                await connection.ReceiveToFileAsync(target, _ => { }, _hang.Token));

            Assert.NotNull(target.FailedWith);
            Assert.Equal(target.FailedWith == 28 ? FileError.Quota : FileError.Unavailable, failure.Error);

            // Which way the bytes went: a client on this machine's through a copy, else through splice.
            Assert.StartsWith(copies ? "write into the file" : "splice into the file", failure.Message);
        }
    }
}
