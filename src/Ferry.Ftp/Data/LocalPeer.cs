using System.Net;
using System.Net.Sockets;

namespace Ferry.Ftp.Data;

/// <summary>Whether the other end of a connection runs on this machine.</summary>
internal static class LocalPeer
{
    /// <summary>True when the connected socket's peer is on this machine (see the overload).</summary>
    public static bool Is(Socket connected)
    {
        ArgumentNullException.ThrowIfNull(connected);
        return connected.LocalEndPoint is IPEndPoint local && connected.RemoteEndPoint is IPEndPoint remote && Is(local.Address, remote.Address);
    }

    /// <summary>
    /// True for a loopback peer, and for one that connected to this machine's own address from that
    /// same address (Linux delivers both through its loopback device).
    /// </summary>
    public static bool Is(IPAddress local, IPAddress remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        local = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return IPAddress.IsLoopback(remote) || remote.Equals(local);
    }
}
