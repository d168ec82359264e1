using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Ftp.Data;

/// <summary>An established data connection. The engine reads and writes <see cref="Stream"/>.</summary>
public interface IDataConnection : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>
    /// True when <see cref="SendFileAsync"/> can hand the transfer to the kernel (a plain socket);
    /// false for in-memory pipes and, later, TLS.
    /// </summary>
    bool CanSendFile { get; }

    /// <summary>
    /// Sends <paramref name="count"/> bytes of an open file from <paramref name="offset"/> (sendfile).
    /// The file must be opened for asynchronous I/O (<see cref="ISendableFile"/> promises it); the
    /// connection never closes it.
    /// </summary>
    ValueTask SendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="ReceiveToFileAsync"/> can move received bytes into a file straight from
    /// the socket (splice on a plain socket, or recv and pwrite for a client on this machine); false
    /// for in-memory pipes and TLS.
    /// </summary>
    bool CanReceiveToFile { get; }

    /// <summary>
    /// Receives until the peer's EOF and writes the bytes into <paramref name="file"/> from its
    /// <see cref="IReceivableFile.Position"/> on (positioned writes: Position is read once and
    /// neither used nor moved afterwards; the caller moves it). <paramref name="progress"/> gets the
    /// size of each chunk once it is in the file. Returns the byte count. Throws
    /// <see cref="NotSupportedException"/> before consuming anything when the kernel cannot do it
    /// (the caller then reads <see cref="Stream"/>), IOException when the connection breaks, and the
    /// StorageException of <see cref="IReceivableFile.WriteFailed"/> when the file write fails.
    /// </summary>
    ValueTask<long> ReceiveToFileAsync(IReceivableFile file, Action<long> progress, CancellationToken cancellationToken);

    /// <summary>Signals the end of the data (half-close) so the peer sees EOF, then waits for nothing.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
