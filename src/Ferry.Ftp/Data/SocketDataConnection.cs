using System.Buffers;
using System.Net.Sockets;
using Ferry.Core.Net;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Ftp.Data;

/// <summary>
/// A data connection over a connected TCP socket; file sends go through the kernel (sendfile on
/// Linux) or, to a client on this machine, through a copy while the server has a processor to spare
/// (see <see cref="SendsByKernel"/>), and received files through the kernel (splice on Linux) or, from a
/// client on this machine, through a buffer (see <see cref="CopiesFiles"/>).
/// </summary>
public sealed class SocketDataConnection : IDataConnection, IChunkedReceive
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly DataConnectionRegistry _registry;
    private int _disposed;

    /// <summary>Sends files by the kernel; its continuations run on the pool, never on the socket's completion.</summary>
    private readonly FileSocketSender _files;

    /// <summary>
    /// The longest wait for a chunk of an upload received into a file (see <see cref="WakeForChunks"/>):
    /// far below any stall timeout, and rare next to a fast client's chunks.
    /// </summary>
    private static readonly TimeSpan ChunkWait = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest wait for a chunk in <see cref="ReceiveChunkAsync"/>. Short, because a TLS client may
    /// send its last records and close_notify and then wait for ours before it closes (Python's
    /// ftplib does): those bytes wake nobody, and the upload's end waits this long for them.
    /// </summary>
    private static readonly TimeSpan RecordChunkWait = TimeSpan.FromMilliseconds(20);

    /// <summary>The wake-up mark set on the socket now (1, the kernel's default, until a chunked receive sets one).</summary>
    private int _wakeBytes = 1;

    /// <summary>Set when the kernel refused splice once; the connection then says it cannot.</summary>
    private bool _spliceRefused;

    private readonly bool _copyToLocalClients;
    private bool? _copiesFiles;

    /// <summary>Whether this connection's sending threads wait for a processor; made on the first copy of a file.</summary>
    internal CpuContention? Contention { get; set; }

    /// <summary>
    /// Whether an upload received into a file runs on the socket thread that reports its bytes (the
    /// process's choice, <see cref="SocketThreads.Inline"/>) until a write into the file is slow
    /// (<see cref="SocketThreads.SlowWrite"/>, timed by <see cref="Clock"/>). On a server pinned to one
    /// CPU a 1 GiB plain STOR from curl cost 0.29 s of CPU against 0.44-0.46 s with every chunk handed
    /// to a pool thread, and ran 1.10-1.19 times as fast with that CPU shared with a busy loop; about
    /// as fast when curl's CPU limits the upload (docs/performance.md).
    /// </summary>
    internal bool ReceiveOnSocketThread { get; set; } = SocketThreads.Inline;

    /// <summary>Times the receive loop's writes into the file (see <see cref="ReceiveOnSocketThread"/>).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// The bytes per read and per write when <see cref="CopiesFiles"/>: the best of the sizes measured
    /// (32 KiB to 1 MiB, in rotations of 1 GiB downloads to curl on loopback). 64 KiB exactly and
    /// 128 KiB (pure-ftpd's) ran 10-25% slower; both leave a tiny segment behind every write
    /// (loopback's segment is 65,483 bytes), where 96 KiB leaves a 32 KiB one.
    /// </summary>
    private const int CopyBytes = 96 * 1024;

    private SocketDataConnection(Socket socket, DataConnectionRegistry registry, bool copyToLocalClients)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _registry = registry;
        _files = new FileSocketSender(socket, continueOnCompletingThread: false);
        _copyToLocalClients = copyToLocalClients;
    }

    /// <summary>
    /// Whether files go through a copy instead of the kernel: <see cref="SendFileAsync"/> makes
    /// positioned reads, each written to the socket, instead of handing the file to sendfile, and
    /// <see cref="ReceiveToFileAsync"/> receives into a buffer and writes it (<see cref="CopyBuffer"/>)
    /// instead of splicing: for a client on this machine when <see cref="FtpOptions.CopyToLocalClients"/>
    /// says so (see <see cref="LocalPeer"/> for why). Asked on the first file sent or received, so that
    /// a connection that moves none (a small file, a listing) never asks the socket for its addresses.
    /// </summary>
    internal bool CopiesFiles => _copiesFiles ??= _copyToLocalClients && LocalPeer.Is(_socket);

    /// <summary>
    /// Whether the next slice of a file goes by sendfile: always to a client elsewhere, and to one on
    /// this machine (<see cref="CopiesFiles"/>) once the copy's threads were found waiting for a
    /// processor (<see cref="CpuContention"/>), for the rest of the connection (one transfer: the next
    /// file's connection starts over with the copy). The copy spares the client CPU, which is what limits a
    /// download when the server has a processor to itself; with that processor shared, the server's
    /// CPU is the throughput, and corked sendfile costs it less. Rotations of 1 GiB downloads to curl
    /// on loopback, the server's processor shared with a busy loop: corked sendfile 1,860-1,932 MB/s at
    /// 0.26-0.28 s of server CPU per GiB, the copy 1,490 at 0.35, proftpd (corked sendfile) 1,919; with
    /// that processor to itself, the copy 3,029 against corked sendfile's 2,339 (docs/performance.md).
    /// </summary>
    internal bool SendsByKernel => !CopiesFiles || Contention is { Contended: true };

    public Stream Stream => _stream;

    public bool CanSendFile => true;

    public bool CanReceiveToFile => SpliceNative.Possible && !_spliceRefused;

    /// <summary>
    /// Wraps a connected socket and registers it; the connection owns the socket from here on.
    /// With <paramref name="copyToLocalClients"/> a peer on this machine is sent copies of files (<see cref="CopiesFiles"/>).
    /// </summary>
    internal static SocketDataConnection Open(Socket connectedSocket, DataConnectionRegistry registry, bool copyToLocalClients)
    {
        ArgumentNullException.ThrowIfNull(connectedSocket);
        ArgumentNullException.ThrowIfNull(registry);

        // A transfer's sendfile and stream loops may wait for the disk: never on a socket thread that
        // other sessions' commands share (an accepted socket does not inherit the listener's choice).
        // The receive-to-file loop comes back to it while its writes are quick (ReceiveOnSocketThread).
        SocketThreads.CompleteOnPool(connectedSocket);
        var connection = new SocketDataConnection(connectedSocket, registry, copyToLocalClients);
        if (!registry.TryAdd(connection))
        {
            connectedSocket.Dispose();
            throw new ObjectDisposedException(nameof(DataConnectionRegistry), "The server is shutting down; data connections are closed.");
        }

        return connection;
    }

    public async ValueTask SendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (offset > RandomAccess.GetLength(file) - count)
        {
            throw ShrankWhileSent();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (count == 0)
        {
            // A zero count in a SendPacketsElement means "to the end of the file", not nothing.
            return;
        }

        if (!SendsByKernel)
        {
            await CopyFileAsync(file, offset, count, cancellationToken).ConfigureAwait(false);
            return;
        }

        // SendPacketsAsync takes no token; closing the socket is the one way to abort it, and a
        // cancelled transfer leaves the connection useless anyway.
        await using (cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), _socket).ConfigureAwait(false))
        {
            SocketError error;
            try
            {
                (error, _) = await _files.SendAsync(ReadOnlySequence<byte>.Empty, file, offset, count, endOfPacket: true).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (error != SocketError.Success)
            {
                // The same exception shape NetworkStream gives, so the engine handles one kind of failure.
                throw new IOException($"Sending the file failed: {error}.", new SocketException((int)error));
            }
        }
    }

    /// <summary>
    /// Not an argument error: the file can shrink under a running download (another session cuts it
    /// to resume an upload). A broken transfer, answered 426 like any other.
    /// </summary>
    private static IOException ShrankWhileSent() =>
        new("The file is shorter than the range to send: it shrank while it was being sent.");

    /// <summary>
    /// Sends the range by positioned reads of <see cref="CopyBytes"/>, each written whole, and samples
    /// the sending threads' waiting as it goes: the verdict decides how the next slice is sent.
    /// </summary>
    private async ValueTask CopyFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBytes);
        try
        {
            while (count > 0)
            {
                var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, (int)Math.Min(CopyBytes, count)), offset, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw ShrankWhileSent();
                }

                await _stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                offset += read;
                count -= read;
                (Contention ??= new CpuContention()).CountSent(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask<long> ReceiveToFileAsync(IReceivableFile file, Action<long> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(progress);
        var fileOffset = file.Position;
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        if (!CanReceiveToFile)
        {
            throw new NotSupportedException("This connection cannot splice into a file.");
        }

        // The first wait also makes .NET put the socket in non-blocking mode, which splice needs.
        await WaitForDataAsync(cancellationToken).ConfigureAwait(false);
        using IChunkCarrier carrier = CopiesFiles ? new CopyBuffer() : SplicePipe.TryOpen() ?? throw Refuse("no pipe");
        if (!SplicePipe.IsNonBlocking(_socket.SafeHandle))
        {
            throw Refuse("the socket blocks");
        }

        long total = 0;
        var offset = fileOffset;
        CancellationTokenSource? bound = null;
        var onSocketThread = ReceiveOnSocketThread && SocketThreads.TrySetInlineCompletions(_socket, true);
        try
        {
            // Bounded by the peer: every round moves bytes, waits for them, or ends.
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var moved = carrier.FromSocket(_socket.SafeHandle, out var errno);
                if (moved > 0)
                {
                    var started = Clock.GetTimestamp();
                    carrier.ToFile(file, ref offset, moved);
                    total += moved;
                    progress(moved);
                    if (onSocketThread && Clock.GetElapsedTime(started) > SocketThreads.SlowWrite)
                    {
                        // This file's writes wait: the rest of the upload on the pool, its waits too.
                        SocketThreads.TrySetInlineCompletions(_socket, false);
                        onSocketThread = false;
                        await SocketThreads.ToPool();
                    }
                }
                else if (moved == 0)
                {
                    return total;
                }
                else if (errno == SpliceNative.EAgain)
                {
                    if (bound is null)
                    {
                        // The socket can be read this way (EAGAIN, not EINVAL): from here on, wake per chunk.
                        WakeForChunks(carrier.Size / 2);
                        bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    }

                    bound = await WaitForChunkAsync(bound, cancellationToken).ConfigureAwait(false);
                }
                else if (errno == SpliceNative.EIntr)
                {
                    // A signal (the runtime suspends threads with them) interrupted the call: nothing moved.
                    continue;
                }
                else if (total == 0 && errno is SpliceNative.EInval or SpliceNative.ENoSys)
                {
                    throw Refuse($"errno {errno}");
                }
                else
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // An IOException as NetworkStream gives, so the engine handles one kind of failure.
                    throw new IOException($"Receiving into the file failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                }
            }
        }
        finally
        {
            bound?.Dispose();
            if (onSocketThread)
            {
                // The connection's later transfers complete on the pool again, as Open set it.
                SocketThreads.TrySetInlineCompletions(_socket, false);
            }
        }
    }

    public async ValueTask<int> ReceiveChunkAsync(Memory<byte> buffer, int chunkBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        if (_wakeBytes != chunkBytes)
        {
            WakeForChunks(chunkBytes);
        }

        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(RecordChunkWait);
            try
            {
                return await _socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Less than a chunk within the bound: whatever comes is taken, and the next call asks
                // for chunks again. Nothing was consumed by the cancelled receive.
                WakeForChunks(1);
                return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException ex)
        {
            // An IOException as NetworkStream gives, so the engine handles one kind of failure.
            throw new IOException($"Receiving failed: {ex.SocketErrorCode}.", ex);
        }
    }

    /// <summary>
    /// Each of the server's handshake answers leaves the socket acknowledging late
    /// (<see cref="TcpAcknowledgements"/>): GnuTLS (lftp) holds its Finished until its
    /// ChangeCipherSpec is acknowledged, and Python's ftplib its close_notify until an upload's last
    /// record is: each waited about 40 ms. After an upload's handshake the server sends nothing more
    /// before the upload's end, so the socket stays out of that mode.
    /// </summary>
    public void AcknowledgePromptly() => TcpAcknowledgements.SendPromptly(_socket);

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException ex)
        {
            throw new IOException($"Closing the data connection failed: {ex.SocketErrorCode}.", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registry.Remove(this);
            _stream.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// SO_RCVLOWAT: the kernel signals the socket readable once <paramref name="bytes"/> have arrived
    /// (or the peer closed), not at each segment. A 1 GiB plain STOR on loopback took 31-36 splices
    /// and 9-12 wake-ups per MiB without it, 13-16 and 1-2 with half the 1 MiB pipe.
    /// </summary>
    private void WakeForChunks(int bytes)
    {
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, bytes);
            _wakeBytes = bytes;
        }
        catch (SocketException)
        {
            // Not settable here: a wake-up per segment, as before.
        }
    }

    /// <summary>
    /// Waits for a chunk, but no longer than <see cref="ChunkWait"/>: a client slower than a chunk per
    /// that time still has its bytes taken (counted for STAT and the stall timer) at that pace.
    /// Returns the source to bound the next wait with (a new one when this one expired).
    /// </summary>
    private async ValueTask<CancellationTokenSource> WaitForChunkAsync(CancellationTokenSource bound, CancellationToken cancellationToken)
    {
        bound.CancelAfter(ChunkWait);
        try
        {
            await WaitForDataAsync(bound.Token).ConfigureAwait(false);
            bound.CancelAfter(Timeout.InfiniteTimeSpan);
            return bound;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Less than a chunk within the bound: take what there is.
            bound.Dispose();
            return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }
    }

    /// <summary>
    /// A zero-byte receive completes when data or EOF is there without consuming anything (.NET
    /// peeks one byte), so the carrier finds the bytes still in the socket.
    /// </summary>
    private async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new IOException($"Receiving failed: {ex.SocketErrorCode}.", ex);
        }
    }

    /// <summary>Nothing has been consumed yet: the caller falls back to the stream, and so does every later transfer here.</summary>
    private NotSupportedException Refuse(string reason)
    {
        _spliceRefused = true;
        return new NotSupportedException($"The kernel cannot splice this connection into a file ({reason}).");
    }

}
