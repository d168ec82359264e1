using System.Net.Sockets;

namespace Ferry.Core.Net;

/// <summary>
/// When TCP acknowledges what a client sent. Linux puts a connection whose server answers each of
/// the client's messages at once into its interactive ("ping-pong") mode, a TLS handshake always
/// does, and then acknowledges the client's segments only when the 40 ms delayed-ACK timer fires, even
/// those the server has read. A client with Nagle's algorithm on holds a small write back until its
/// last one is acknowledged: Python's ftplib its close_notify after an upload's last record, GnuTLS
/// (lftp) its handshake Finished after its ChangeCipherSpec. Each of those waited 40 ms.
/// </summary>
public static class TcpAcknowledgements
{
    // Linux's <netinet/tcp.h> values.
    private const int LinuxIpProtoTcp = 6;
    private const int LinuxTcpQuickAck = 12;

    /// <summary>
    /// TCP_QUICKACK on Linux: sends at once an acknowledgement the kernel was holding back and takes
    /// the socket out of ping-pong mode, until the server's own quick answers put it back. A no-op
    /// elsewhere, and where the option cannot be set.
    /// </summary>
    public static void SendPromptly(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption(LinuxIpProtoTcp, LinuxTcpQuickAck, BitConverter.GetBytes(1));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Acknowledgements as the kernel schedules them.
        }
    }
}
