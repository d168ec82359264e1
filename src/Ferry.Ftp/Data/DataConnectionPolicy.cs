using System.Net;
using Ferry.Core.Net;

namespace Ferry.Ftp.Data;

/// <summary>Why an active-mode target is refused (RFC 2577).</summary>
public enum ActiveTargetRefusal
{
    /// <summary>The target is not the client's own host: an FTP bounce.</summary>
    OtherHost,

    /// <summary>The target port is below 1024: a bounce onto a well-known service.</summary>
    PrivilegedPort,
}

/// <summary>
/// Where data connections may go to and come from: the one copy of these rules, owned by the
/// data-channel factory. PORT/EPRT ask it at once (so the refusal is the PORT reply), the factory
/// asks it again before connecting, and passive listeners ask it for every connection they accept.
/// </summary>
public sealed class DataConnectionPolicy(bool allowActiveToOtherHosts, bool allowActiveToPrivilegedPorts)
{
    /// <summary>Well-known services live below this port (RFC 2577 section 3).</summary>
    private const int FirstUnprivilegedPort = 1024;

    public static DataConnectionPolicy From(FtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DataConnectionPolicy(options.AllowActiveToOtherHosts, options.AllowActiveToPrivilegedPorts);
    }

    /// <summary>Null when the server may connect to <paramref name="target"/> for a client at <paramref name="clientAddress"/>.</summary>
    public ActiveTargetRefusal? CheckActiveTarget(IPEndPoint target, IPAddress clientAddress)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(clientAddress);
        if (!allowActiveToOtherHosts && !ClientAddress.SameHost(target.Address, clientAddress))
        {
            return ActiveTargetRefusal.OtherHost;
        }

        if (!allowActiveToPrivilegedPorts && target.Port < FirstUnprivilegedPort)
        {
            return ActiveTargetRefusal.PrivilegedPort;
        }

        return null;
    }

    /// <summary>
    /// True when a connection from <paramref name="peer"/> may be the data connection of a client at
    /// <paramref name="clientAddress"/>. Always the client's own host, whatever the active-mode
    /// settings say: a third host racing the client to a passive port (RFC 2577 section 5, port
    /// theft) must get nothing.
    /// </summary>
    public bool AcceptsPassivePeer(IPAddress peer, IPAddress clientAddress) => ClientAddress.SameHost(peer, clientAddress);
}
