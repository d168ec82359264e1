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

    /// <summary>Sends <paramref name="count"/> bytes of an open file from <paramref name="offset"/> (sendfile).</summary>
    ValueTask SendFileAsync(FileStream file, long offset, long count, CancellationToken cancellationToken);

    /// <summary>Signals the end of the data (half-close) so the peer sees EOF, then waits for nothing.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
