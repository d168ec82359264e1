using System.Net;
using System.Net.Sockets;

namespace Ferry.Core.Net;

/// <summary>
/// The one form in which Ferry compares and prints peer addresses. An IPv4 client on a dual-stack
/// socket arrives as ::ffff:a.b.c.d and link-local IPv6 carries a scope id that differs between the
/// control and data sockets; both would make equal peers look different.
/// </summary>
public static class ClientAddress
{
    /// <summary>IPv4-mapped IPv6 becomes IPv4; an IPv6 scope id is dropped.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            // The byte constructor makes an address with scope id 0; ScopeId's setter would mutate
            // an instance the caller may share.
            return new IPAddress(address.GetAddressBytes());
        }

        return address;
    }

    /// <summary>Equality after <see cref="Normalize"/>.</summary>
    public static bool SameHost(IPAddress a, IPAddress b) => Normalize(a).Equals(Normalize(b));
}
