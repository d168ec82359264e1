using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;

namespace Ferry.Ftp.Data;

/// <summary>Socket set-up shared by passive listeners and active connects.</summary>
internal static class DataSockets
{
    // Linux's <asm-generic/socket.h> values.
    private const int LinuxSolSocket = 1;
    private const int LinuxSoReuseAddr = 2;

    /// <summary>
    /// A TCP socket that may bind a port still in TIME_WAIT. Only plain SO_REUSEADDR on Linux:
    /// .NET's <see cref="SocketOptionName.ReuseAddress"/> also sets SO_REUSEPORT there (seen on .NET 10),
    /// which lets a second listener share a port another session listens on, so two sessions could
    /// get each other's data connections. Elsewhere nothing is set: on Windows SO_REUSEADDR allows
    /// outright port stealing.
    /// </summary>
    public static Socket CreateTcp(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        SocketThreads.CompleteOnPool(socket);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddr, BitConverter.GetBytes(1));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return socket;
    }

    /// <summary>
    /// The address to bind for a control connection's local address: a dual-stack control socket
    /// reports ::ffff:a.b.c.d, and the client, told a.b.c.d, connects over IPv4. A link-local IPv6
    /// address keeps its scope id, without which it cannot be bound.
    /// </summary>
    public static IPAddress Bindable(IPAddress localAddress) => ClientAddress.Unmapped(localAddress);
}
