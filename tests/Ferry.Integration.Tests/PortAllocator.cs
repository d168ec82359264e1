using System.Net;
using System.Net.Sockets;

namespace Ferry.Integration.Tests;

/// <summary>
/// Hands each server instance a block of free ports below Linux's ephemeral range (32768-60999), so that
/// passive ports never collide with outgoing connections' local ports and instances never share a range.
/// </summary>
public sealed class PortAllocator
{
    /// <summary>One allocator for the test process: test classes run in parallel and must not receive the same block.</summary>
    public static PortAllocator Shared { get; } = new(firstPort: 22000, lastPort: 31999);

    /// <summary>1 control port + 32 passive ports: enough for lftp's and curl's sequential data connections even when some linger.</summary>
    private const int BlockSize = 33;

    private readonly object _gate = new();
    private readonly int _firstPort;
    private readonly int _blockCount;
    private int _nextBlock;

    public PortAllocator(int firstPort, int lastPort)
    {
        _firstPort = firstPort;
        _blockCount = (lastPort - firstPort + 1) / BlockSize;
        // Start at a random block so that two test runs on one machine rarely probe the same ports.
        _nextBlock = Random.Shared.Next(_blockCount);
    }

    public PortBlock Allocate()
    {
        lock (_gate)
        {
            for (var attempt = 0; attempt < _blockCount; attempt++)
            {
                var first = _firstPort + (_nextBlock * BlockSize);
                _nextBlock = (_nextBlock + 1) % _blockCount;
                if (Enumerable.Range(first, BlockSize).All(IsFree))
                {
                    return new PortBlock(first, first + 1, first + BlockSize - 1);
                }
            }
        }
        throw new InvalidOperationException("no free block of ports in the test range");
    }

    private static bool IsFree(int port) =>
        CanBind(IPAddress.Loopback, port) && (!Loopback.HasIpv6 || CanBind(IPAddress.IPv6Loopback, port));

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
