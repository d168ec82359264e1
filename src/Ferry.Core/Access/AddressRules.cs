using System.Collections.Immutable;
using System.Net;

namespace Ferry.Core.Access;

/// <summary>
/// Which client addresses may come in, decided as IIS's "IP Address and Domain Restrictions" does:
/// an address in <see cref="Deny"/> is refused even when <see cref="Allow"/> names it too (deny
/// wins); a non-empty <see cref="Allow"/> admits only the addresses it names; both empty admit
/// everyone. Addresses are compared after <see cref="Net.ClientAddress.Normalize"/>, so an IPv4
/// client on a dual-stack socket (::ffff:a.b.c.d) matches its IPv4 rules; rules name IPv4 networks
/// as IPv4 (the configuration unmaps ::ffff: networks).
/// </summary>
public sealed record AddressRules
{
    /// <summary>No rule: every address is admitted.</summary>
    public static AddressRules Any { get; } = new();

    /// <summary>When not empty, only these networks are admitted (and not even they when <see cref="Deny"/> names them).</summary>
    public ImmutableArray<IPNetwork> Allow { get; init; } = [];

    /// <summary>Never admitted, whatever <see cref="Allow"/> says.</summary>
    public ImmutableArray<IPNetwork> Deny { get; init; } = [];

    /// <summary>True when there is no rule at all.</summary>
    public bool IsEmpty => Allow.IsDefaultOrEmpty && Deny.IsDefaultOrEmpty;

    public bool Admits(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsEmpty)
        {
            return true;
        }

        var client = Net.ClientAddress.Normalize(address);
        return !Contains(Deny, client) && (Allow.IsDefaultOrEmpty || Contains(Allow, client));
    }

    /// <summary>By the networks in order: a record's equality would compare the arrays by reference, and a reload compares rules.</summary>
    public bool Equals(AddressRules? other) =>
        other is not null && Same(Allow, other.Allow) && Same(Deny, other.Deny);

    public override int GetHashCode() => HashCode.Combine(Count(Allow), Count(Deny));

    public override string ToString() =>
        IsEmpty ? "any address" : $"allow [{string.Join(", ", Listed(Allow))}] deny [{string.Join(", ", Listed(Deny))}]";

    private static bool Contains(ImmutableArray<IPNetwork> networks, IPAddress address)
    {
        if (networks.IsDefaultOrEmpty)
        {
            return false;
        }

        foreach (var network in networks)
        {
            // A network of the other family contains nothing of this one: IPNetwork says false.
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(ImmutableArray<IPNetwork> a, ImmutableArray<IPNetwork> b) => Listed(a).SequenceEqual(Listed(b));

    private static int Count(ImmutableArray<IPNetwork> networks) => networks.IsDefault ? 0 : networks.Length;

    private static IEnumerable<IPNetwork> Listed(ImmutableArray<IPNetwork> networks) => networks.IsDefault ? [] : networks;
}
