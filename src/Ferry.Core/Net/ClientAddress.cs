using System.Net;
using System.Net.Sockets;

namespace Ferry.Core.Net;

/// <summary>
/// The one form in which Ferry compares and prints peer addresses, and the only place that knows
/// about IPv4-mapped IPv6. An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d and
/// link-local IPv6 carries a scope id that differs between the control and data sockets; both
/// would make equal peers look different.
/// </summary>
public static class ClientAddress
{
    /// <summary>IPv4-mapped IPv6 becomes IPv4; an IPv6 scope id is dropped.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        var unmapped = Unmapped(address);
        if (unmapped.AddressFamily == AddressFamily.InterNetworkV6 && unmapped.ScopeId != 0)
        {
            // The byte constructor makes an address with scope id 0; ScopeId's setter would mutate
            // an instance the caller may share.
            return new IPAddress(unmapped.GetAddressBytes());
        }

        return unmapped;
    }

    /// <summary>
    /// IPv4-mapped IPv6 becomes IPv4; anything else is returned as it is, scope id included. For
    /// addresses that are bound rather than compared: a link-local address cannot be bound without
    /// its scope id.
    /// </summary>
    public static IPAddress Unmapped(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>Equality after <see cref="Normalize"/>.</summary>
    public static bool SameHost(IPAddress a, IPAddress b) => Normalize(a).Equals(Normalize(b));
}
