using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;

namespace Ferry.Configuration;

/// <summary>
/// Reads an AllowFrom and a DenyFrom list (addresses and CIDR networks, IPv4 and IPv6) into
/// <see cref="AddressRules"/>; used by the Access section and by every account.
/// </summary>
public static class AddressList
{
    /// <summary>The rules of <paramref name="section"/>'s AllowFrom and DenyFrom; each bad entry goes to <paramref name="p"/>.</summary>
    public static AddressRules Read(IConfigurationSection section, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        var allow = Networks(section.GetSection("AllowFrom"), p);
        var deny = Networks(section.GetSection("DenyFrom"), p);
        return allow.IsEmpty && deny.IsEmpty ? AddressRules.Any : new AddressRules { Allow = allow, Deny = deny };
    }

    private static ImmutableArray<IPNetwork> Networks(IConfigurationSection list, ConfigurationProblems p)
    {
        // A single value ("DenyFrom": "10.0.0.0/8") is taken as a list of one, as an administrator means it.
        IEnumerable<IConfigurationSection> entries = list.Value is { } single ? [list] : list.GetChildren();
        return [.. entries
            .Where(entry => !string.IsNullOrWhiteSpace(entry.Value))
            .Select(entry => p.Read<IPNetwork?>(() => FerrySettings.ParseNetwork(entry.Value!.Trim(), entry.Path), null))
            .OfType<IPNetwork>()];
    }
}
