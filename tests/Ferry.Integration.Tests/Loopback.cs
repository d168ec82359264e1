using System.Net;
using System.Net.Sockets;

namespace Ferry.Integration.Tests;

/// <summary>What the loopback interface offers on this machine.</summary>
public static class Loopback
{
    private static readonly Lazy<bool> Ipv6 = new(ProbeIpv6);

    /// <summary>True when ::1 accepts a connection: some containers have IPv6 disabled.</summary>
    public static bool HasIpv6 => Ipv6.Value;

    private static bool ProbeIpv6()
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            listener.Listen(1);
            using var client = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
