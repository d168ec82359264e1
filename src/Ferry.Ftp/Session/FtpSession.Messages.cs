namespace Ferry.Ftp.Session;

/// <summary>What the administrator's greeting and exit messages may say about the session: its user, site and bytes moved.</summary>
public sealed partial class FtpSession
{
    private long _bytesSent;
    private long _bytesReceived;

    /// <summary>File and listing bytes sent to the client in this session (IIS's %BytesSent%).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>File bytes received from the client in this session (IIS's %BytesReceived%).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary><paramref name="text"/> with IIS's message variables filled in for this session.</summary>
    public string ExpandMessage(string text) =>
        MessageVariables.Expand(text, new MessageVariables.Values(Account?.Name, Site?.Name, Connection.Id, BytesSent, BytesReceived));

    /// <summary>Whether the running transfer is an upload; set before it starts, so its bytes land on the right side.</summary>
    private volatile bool _transferIsUpload;

    /// <summary>
    /// Bytes of the running transfer as they move (so a QUIT right after 226 sees them all): uploads
    /// count as received, downloads and listings as sent, as IIS counts them.
    /// </summary>
    private void CountTransferred(long bytes) =>
        Interlocked.Add(ref _transferIsUpload ? ref _bytesReceived : ref _bytesSent, bytes);
}
