namespace Ferry.Ftp.Data;

/// <summary>
/// A connection that can receive a bulk upload a chunk per wake-up instead of a segment per wake-up
/// (SO_RCVLOWAT on a socket). TLS reads its records through it once an upload is large: every
/// segment that wakes the receiving side also costs the sending client a wake-up across CPUs.
/// </summary>
internal interface IChunkedReceive
{
    /// <summary>
    /// Receives into <paramref name="buffer"/> as Stream.ReadAsync does (at least a byte, or 0 at the
    /// peer's end), but asks to be woken only once <paramref name="chunkBytes"/> have arrived; bytes
    /// already there are taken at once, and fewer than a chunk within a short bound (a slow client, or
    /// the last bytes of one that waits for an answer before it closes) are taken as they are.
    /// </summary>
    ValueTask<int> ReceiveChunkAsync(Memory<byte> buffer, int chunkBytes, CancellationToken cancellationToken);

    /// <summary>
    /// From now on the client's segments are acknowledged as soon as they are read, not after the
    /// delayed-ACK timer, until the server's own quick answers make the kernel delay them again:
    /// called before each read of the TLS handshake, and once an upload's handshake is done (the
    /// server has nothing more to send before the upload's end).
    /// </summary>
    void AcknowledgePromptly();
}
