namespace Ferry.Ftp.Transfers;

/// <summary>
/// A protected upload ended with a bare TCP close, without TLS close_notify: the bytes that arrived
/// may be only part of the file (a cut connection looks the same), so they are not committed.
/// </summary>
public sealed class TransferTruncatedException(long received)
    : Exception($"The data connection was closed after {received} bytes without TLS close_notify, so the upload may be truncated; it was not kept. Send the file again (a client must end the TLS session before closing the connection).")
{
    public long Received { get; } = received;
}
