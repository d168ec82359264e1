using System.Net;
using System.Net.Sockets;

namespace Ferry.Ftp.Tests.Data;

/// <summary>Socket plumbing for the data-channel tests; loopback only.</summary>
internal static class Loopback
{
    /// <summary>Another address of 127/8, all of which is loopback on Linux.</summary>
    public static readonly IPAddress OtherIPv4 = IPAddress.Parse("127.0.0.2");

    /// <summary>Below Linux's ephemeral range (32768-60999), so outgoing connections do not wander in.</summary>
    private const int TestPortFloor = 23000;
    private const int TestPortCeiling = 32000;

    /// <summary>Why an IPv6 test is skipped: the reason the test report shows.</summary>
    public const string NoIPv6 = "IPv6 loopback (::1) is not available on this machine";

    /// <summary>False where ::1 cannot be bound (IPv6 off); those tests are then reported as skipped.</summary>
    public static bool HasIPv6()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static Socket Listen(IPAddress address, int port = 0)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(8);
        return socket;
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint target, IPAddress? from = null)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }

        await socket.ConnectAsync(target);
        return socket;
    }

    /// <summary>Reads until EOF; a reset also counts as the end (the test then checks what arrived).</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return received.ToArray();
            }

            received.Write(buffer, 0, n);
        }
    }

    /// <summary>True when the peer closed: a read gives EOF or a reset.</summary>
    public static async Task<bool> IsClosedByPeerAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken) == 0;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <summary>
    /// Holds <paramref name="count"/> consecutive ports on 127.0.0.1 with listening sockets and
    /// returns them; the caller frees what it wants free. Bounded: gives up after 200 attempts.
    /// </summary>
    public static (int Low, List<Socket> Held) HoldConsecutivePorts(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var low = Random.Shared.Next(TestPortFloor, TestPortCeiling - count);
            var held = new List<Socket>();
            try
            {
                for (var port = low; port < low + count; port++)
                {
                    held.Add(Listen(IPAddress.Loopback, port));
                }

                return (low, held);
            }
            catch (SocketException)
            {
                held.ForEach(s => s.Dispose());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    /// <summary>A port that was free a moment ago.</summary>
    public static int FreePort(IPAddress address)
    {
        using var socket = Listen(address);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
