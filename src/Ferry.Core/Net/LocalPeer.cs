using System.Net;
using System.Net.Sockets;

namespace Ferry.Core.Net;

/// <summary>Whether the other end of a connection runs on this machine.</summary>
/// <remarks>
/// It decides how a plain download of a local file is sent (FTP's data connection, WebDAV's GET over
/// HTTP). sendfile spares the server a copy, which is what counts when a network card reads the
/// pages. To a client on this machine the bytes never meet a card: Linux hands each segment to the
/// receiving socket within the sender's own system call, and the receiver copies it out. With
/// sendfile those segments are page-cache pages no processor has touched, in 4 KiB fragments, and
/// both ends paid more than with a copy the server had just made. Rotations of 1 GiB FTP downloads
/// with curl on the benchmark's machine kind (server and client pinned to a processor each): the
/// server spent 0.35-0.61 s per GiB with sendfile against 0.34-0.41 s copying 96 KiB per write,
/// curl 0.42-0.50 s against 0.35-0.37 s, and the copy ran 1.2-1.5× faster (pure-ftpd, copying
/// 128 KiB per write, 0.93-1.04× sendfile); with the client's processor busy the copies and
/// pure-ftpd came within 5% of each other and sendfile at 0.8-1.0× them. WebDAV GET over HTTP
/// through Kestrel's buffers instead of sendfile: 1.23× (`bench/ab.py`, 7 repetitions), server CPU
/// 0.38 against 0.46 s. Measured on Linux only, so the settings that use it are on only there
/// (<see cref="CopyByDefault"/>).
/// </remarks>
public static class LocalPeer
{
    /// <summary>The default of FTP's and WebDAV's CopyToLocalClients: on where the copy was measured, Linux.</summary>
    public static bool CopyByDefault => OperatingSystem.IsLinux();

    /// <summary>
    /// True when the connected socket's peer is on this machine (see the overload). False when the
    /// socket can no longer tell (a peer that reset the connection): the transfer's next call on it
    /// reports the broken connection as such.
    /// </summary>
    public static bool Is(Socket connected)
    {
        ArgumentNullException.ThrowIfNull(connected);
        try
        {
            return connected.LocalEndPoint is IPEndPoint local && connected.RemoteEndPoint is IPEndPoint remote && Is(local.Address, remote.Address);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// True for a loopback peer, and for one that connected to this machine's own address from that
    /// same address (Linux delivers both through its loopback device).
    /// </summary>
    public static bool Is(IPAddress local, IPAddress remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        return IPAddress.IsLoopback(ClientAddress.Normalize(remote)) || ClientAddress.SameHost(local, remote);
    }
}
