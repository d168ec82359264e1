using System.Net;
using System.Net.Sockets;

namespace Ferry.Integration.Tests;

public sealed partial class RawFtpClient
{
    /// <summary>
    /// Connects from a chosen local address, so that one test can be many clients: on Linux every
    /// address in 127.0.0.0/8 is a loopback address and the server sees each as a distinct peer.
    /// </summary>
    public static async Task<RawFtpClient> ConnectFromAsync(IPAddress local, string host, int port)
    {
        var client = new TcpClient(new IPEndPoint(local, 0));
        try
        {
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await client.ConnectAsync(host, port, timeout.Token);
            return new RawFtpClient(client) { Host = host };
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
