using System.Net.Sockets;
using System.Runtime.InteropServices;
using Ferry.Core.Storage;
using static Ferry.Ftp.Data.SpliceNative;

namespace Ferry.Ftp.Data;

/// <summary>
/// A pipe that carries received bytes from a socket into a file inside the kernel: splice(2) can
/// only move between a pipe and something else, so every chunk goes socket → pipe → file without
/// being copied into this process. One pipe per transfer.
/// </summary>
internal sealed unsafe class SplicePipe : IChunkCarrier
{
    /// <summary>
    /// 1 MiB is the default pipe-max-size: one pair of system calls per MiB. When the user's pipe
    /// budget refuses it the 64 KiB default still works, at sixteen times the calls.
    /// </summary>
    private const int WantedSize = 1024 * 1024;
    private const int DefaultSize = 64 * 1024;

    private readonly int _read;
    private readonly int _write;
    private int _disposed;

    private SplicePipe(int read, int write, int size)
    {
        _read = read;
        _write = write;
        Size = size;
    }

    public int Size { get; }

    /// <summary>A new non-blocking pipe, or null when the process cannot make one.</summary>
    public static SplicePipe? TryOpen()
    {
        var fds = stackalloc int[2];
        if (Pipe2(fds, ONonBlock | OCloExec) != 0)
        {
            return null;
        }

        var size = Fcntl(fds[1], FSetPipeSize, WantedSize);
        return new SplicePipe(fds[0], fds[1], size > 0 ? size : DefaultSize);
    }

    /// <summary>Whether the socket is in non-blocking mode; splice would otherwise sleep in the kernel waiting for data.</summary>
    public static bool IsNonBlocking(SafeSocketHandle socket)
    {
        using var held = new HeldDescriptor(socket);
        var flags = Fcntl(held.Number, FGetFl, 0);
        return flags >= 0 && (flags & ONonBlock) != 0;
    }

    /// <summary>
    /// Moves what the socket has (up to <see cref="Size"/>) into the empty pipe. Returns the count,
    /// 0 at the peer's EOF, or -1 with <paramref name="errno"/> (EAGAIN: nothing received yet).
    /// </summary>
    public long FromSocket(SafeSocketHandle socket, out int errno)
    {
        using var held = new HeldDescriptor(socket);
        var moved = Splice(held.Number, null, _write, null, (nuint)Size, SpliceMove | SpliceNonBlock);
        errno = moved < 0 ? Marshal.GetLastPInvokeError() : 0;
        return moved;
    }

    /// <summary>
    /// Empties the pipe's <paramref name="count"/> bytes into the file at <paramref name="offset"/>,
    /// which moves past them. A failed write is reported as the backend's
    /// <see cref="IReceivableFile.WriteFailed"/> says: only it knows what the errno means.
    /// </summary>
    public void ToFile(IReceivableFile target, ref long offset, long count)
    {
        using var held = new HeldDescriptor(target.File);
        var position = offset;

        // Bounded: every round moves at least one byte of the count, is retried after a signal
        // interrupted it before anything moved, or throws.
        while (count > 0)
        {
            var moved = Splice(_read, null, held.Number, &position, (nuint)count, SpliceMove);
            if (moved < 0 && Marshal.GetLastPInvokeError() == EIntr)
            {
                continue; // interrupted by a signal before anything moved: try again
            }

            if (moved <= 0)
            {
                offset = position;
                throw moved < 0
                    ? target.WriteFailed(Marshal.GetLastPInvokeError(), "splice into the file")
                    : new StorageException(Core.Files.FileError.Unavailable, "splice into the file moved nothing.");
            }

            count -= moved;
        }

        offset = position;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = Close(_read);
            _ = Close(_write);
        }
    }
}
