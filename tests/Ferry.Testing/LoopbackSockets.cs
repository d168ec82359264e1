using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing;

/// <summary>Two ends of one TCP connection over 127.0.0.1, for tests of socket code (options, sends) with nothing between.</summary>
public sealed class LoopbackSockets : IDisposable
{
    private LoopbackSockets(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    public Socket Client { get; }

    /// <summary>The accepted end, as a server holds it.</summary>
    public Socket Server { get; }

    public static async Task<LoopbackSockets> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await client.ConnectAsync(listener.LocalEndPoint!);
            return new LoopbackSockets(client, await listener.AcceptAsync());
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
