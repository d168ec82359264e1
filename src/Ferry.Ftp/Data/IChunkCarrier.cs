using System.Net.Sockets;
using Ferry.Core.Storage;

namespace Ferry.Ftp.Data;

/// <summary>
/// Carries a plain upload from the data socket into the file a chunk at a time, for
/// <see cref="SocketDataConnection.ReceiveToFileAsync"/>: inside the kernel (<see cref="SplicePipe"/>)
/// or through a buffer of this process (<see cref="CopyBuffer"/>, for a client on this machine).
/// </summary>
internal interface IChunkCarrier : IDisposable
{
    /// <summary>How many bytes one chunk can carry.</summary>
    int Size { get; }

    /// <summary>
    /// Takes what the socket has (up to <see cref="Size"/>) without waiting. Returns the count, 0 at
    /// the peer's EOF, or -1 with <paramref name="errno"/> (EAGAIN: nothing received yet).
    /// </summary>
    long FromSocket(SafeSocketHandle socket, out int errno);

    /// <summary>
    /// Writes the chunk's <paramref name="count"/> bytes into the file at <paramref name="offset"/>,
    /// which moves past them. A failed write is reported as the backend's
    /// <see cref="IReceivableFile.WriteFailed"/> says: only it knows what the errno means.
    /// </summary>
    void ToFile(IReceivableFile target, ref long offset, long count);
}
