using System.Collections.Concurrent;
using System.Net;

namespace Ferry.Ftp.Data;

/// <summary>
/// The passive ports this process's own listeners hold, per local address. A PASV looks for its
/// port among the others: in a busy range a port we hold ourselves would only cost a bind that
/// must fail (a socket, a bind that throws, a close; 1.5 of each per session in a 2,000-client
/// burst on a 2,000-port range). A hint, not a lock: the kernel's bind still decides, so a race
/// or another program's socket costs a failed bind, never a shared port.
/// </summary>
internal sealed class HeldPorts(int low, int high)
{
    // A count, not a flag: a listener's close may be counted after its port's next listener was.
    private readonly ConcurrentDictionary<IPAddress, int[]> _byAddress = new();

    public bool IsHeld(IPAddress address, int port) =>
        InRange(port) && _byAddress.TryGetValue(address, out var held) && Volatile.Read(ref held[port - low]) > 0;

    public void Add(IPAddress address, int port)
    {
        if (InRange(port))
        {
            Interlocked.Increment(ref _byAddress.GetOrAdd(address, _ => new int[high - low + 1])[port - low]);
        }
    }

    public void Remove(IPAddress address, int port)
    {
        if (InRange(port) && _byAddress.TryGetValue(address, out var held))
        {
            Interlocked.Decrement(ref held[port - low]);
        }
    }

    private bool InRange(int port) => port >= low && port <= high;
}
