using System.Net.Sockets;

namespace Ferry.Core.Net;

/// <summary>
/// Linux's TCP_CORK: while it is set, the kernel puts only full segments on the wire and holds a partial
/// one until the cork is pulled (or 200 ms pass). Set around a sendfile, the file's pages go out in
/// full segments and the headers sent before them ride in the first; pulled at the end, the last
/// partial segment leaves at once. proftpd corks its data connection around sendfile the same way,
/// nginx with its tcp_nopush.
/// </summary>
/// <remarks>
/// Measured on the benchmark's machine kind, rotations of 1 GiB FTP downloads to curl on loopback
/// sent by sendfile (docs/performance.md): corked, 1.13 times as fast with the server's processor to
/// itself and 1.36 times with a busy loop beside it, where the server spent 0.28 s of CPU per GiB
/// against 0.35 uncorked. Elsewhere (macOS's TCP_NOPUSH behaves otherwise, Windows has none) nothing
/// is set and sends go as before.
/// </remarks>
public static class TcpCork
{
    private const int IpProtoTcp = 6;
    private const int TcpCorkOption = 3;

    /// <summary>Sets or pulls the cork; false where there is none or the socket refused it (the sends still go, uncorked).</summary>
    public static bool TrySet(Socket socket, bool corked)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpCorkOption, BitConverter.GetBytes(corked ? 1 : 0));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A closed or cancelled connection, or a socket that is no TCP one: nothing to hold back.
            return false;
        }
    }
}
