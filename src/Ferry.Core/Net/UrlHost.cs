using System.Net;
using System.Net.Sockets;

namespace Ferry.Core.Net;

/// <summary>An address as the host part of a URL: IPv6 in brackets (RFC 3986), so that a port can follow it.</summary>
public static class UrlHost
{
    public static string Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
