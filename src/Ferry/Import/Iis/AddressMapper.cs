using System.Net;
using System.Net.Sockets;

namespace Ferry.Import.Iis;

/// <summary>A site's address rules as Ferry's lists (CIDR).</summary>
public sealed record AddressLists(IReadOnlyList<string> Allow, IReadOnlyList<string> Deny)
{
    public static AddressLists None { get; } = new([], []);
}

/// <summary>
/// system.ftpServer/security/ipSecurity -> Access:AllowFrom/DenyFrom for the server's own site, and
/// each account's AllowFrom/DenyFrom for a host-name site (sites have no address rules of their own);
/// ftpServer/security/dataChannelSecurity -> Ftp:AllowActiveToOtherHosts.
/// </summary>
public static class AddressMapper
{
    /// <summary>The rules each host-name site's accounts carry (the server's own site's go to Access).</summary>
    public static Dictionary<ImportedSite, AddressLists> Map(ImportContext context)
    {
        var result = new Dictionary<ImportedSite, AddressLists>();
        var serverWide = AddressLists.None;
        foreach (var site in context.Sites.OrderBy(s => s.TopLevel ? 0 : 1))
        {
            var lists = Read(context, site.Site.Name, $"location[{site.Site.Name}]/system.ftpServer/security/ipSecurity");
            if (site.TopLevel)
            {
                serverWide = lists;
                if (lists.Allow.Count > 0)
                {
                    context.Output.Set("Access:AllowFrom", FerryConfigBuilder.List(lists.Allow));
                    context.Report.Mapped($"ipSecurity ({site.Label})", "Access:AllowFrom", $"[{string.Join(", ", lists.Allow)}]");
                }

                if (lists.Deny.Count > 0)
                {
                    context.Output.Set("Access:DenyFrom", FerryConfigBuilder.List(lists.Deny));
                    context.Report.Mapped($"ipSecurity ({site.Label})", "Access:DenyFrom", $"[{string.Join(", ", lists.Deny)}]");
                }

                result[site] = AddressLists.None;
                continue;
            }

            // The server-wide lists (Access) already hold for every site; the site's accounts carry the rest.
            var own = new AddressLists([.. lists.Allow.Except(serverWide.Allow)], [.. lists.Deny.Except(serverWide.Deny)]);
            result[site] = own;
            if (own.Allow.Count > 0 || own.Deny.Count > 0)
            {
                context.Report.Mapped($"ipSecurity ({site.Label})", "AllowFrom/DenyFrom of each of its accounts",
                    $"allow [{string.Join(", ", own.Allow)}] deny [{string.Join(", ", own.Deny)}]",
                    "Ferry's sites have no address rules of their own, so the site's accounts carry them; the connection itself is accepted, and USER is refused");
            }

            if (serverWide.Allow.Except(lists.Allow).Any() || serverWide.Deny.Except(lists.Deny).Any())
            {
                context.Report.NotMapped($"ipSecurity ({site.Label})", "the server's own site's rules (Access) hold for every connection to the port, this site's too, though IIS did not apply them here.");
            }
        }

        foreach (var (location, path) in context.Iis.Locations())
        {
            var site = context.Sites.FirstOrDefault(s => path.StartsWith(s.Site.Name + "/", StringComparison.OrdinalIgnoreCase));
            if (site is not null && IisConfig.Descend(location.Element("system.ftpServer"), "security/ipSecurity") is { } folderRules)
            {
                context.Report.NotMapped(IisConfig.Where(folderRules), "address rules on a folder: Ferry's address rules are the server's or an account's, never a folder's.");
                foreach (var e in folderRules.DescendantsAndSelf())
                {
                    context.Iis.Handled(e);
                }
            }
        }

        MapDataChannel(context);
        return result;
    }

    private static AddressLists Read(ImportContext context, string siteName, string where)
    {
        var iis = context.Iis;
        var sections = iis.Sections(siteName, "security/ipSecurity");
        var allowUnlisted = true;
        foreach (var section in sections)
        {
            if (iis.Attr(section, "allowUnlisted") is { } text && bool.TryParse(text, out var value))
            {
                allowUnlisted = value;
            }

            if (iis.Attr(section, "enableReverseDns") is { } dns && bool.TryParse(dns, out var reverse) && reverse)
            {
                context.Report.NotMapped(IisConfig.Where(section) + "/@enableReverseDns", "Ferry matches addresses, never host names (a reverse lookup is the client's to control).");
            }
        }

        var entries = iis.Merge(sections, e => $"{e.Attribute("ipAddress")?.Value}|{e.Attribute("subnetMask")?.Value}|{e.Attribute("domainName")?.Value}");
        var allow = new List<string>();
        var deny = new List<string>();
        foreach (var entry in entries)
        {
            var allowed = bool.TryParse(iis.Attr(entry, "allowed"), out var a) && a;
            if (iis.Attr(entry, "domainName") is { Length: > 0 } domain)
            {
                context.Report.NotMapped(IisConfig.Where(entry) + $"[{domain}]", "a rule by host name: Ferry's rules are addresses and networks; write the network instead.");
                continue;
            }

            var network = Cidr(iis.Attr(entry, "ipAddress"), iis.Attr(entry, "subnetMask"));
            if (network is null)
            {
                context.Report.NotMapped(IisConfig.Where(entry) + $"[{entry.Attribute("ipAddress")?.Value}]", "not an address with a subnet mask Ferry can read as a network.");
                continue;
            }

            (allowed ? allow : deny).Add(network);
        }

        if (allowUnlisted)
        {
            foreach (var listed in allow)
            {
                context.Report.NotMapped($"{where}[{listed} allowed]", "with allowUnlisted=true an allowed entry only matters inside a denied network, where IIS lets the more specific entry win; in Ferry deny always wins, so it is left out.");
            }

            return new AddressLists([], deny);
        }

        if (allow.Count == 0)
        {
            // allowUnlisted=false with nothing allowed admits nobody; an empty AllowFrom would admit everyone.
            context.Report.Mapped($"{where}/@allowUnlisted", "DenyFrom", "[0.0.0.0/0, ::/0]", "allowUnlisted=false and no address allowed: IIS admitted nobody");
            return new AddressLists([], [.. deny, "0.0.0.0/0", "::/0"]);
        }

        return new AddressLists(allow, deny);
    }

    /// <summary>"192.168.1.0" + "255.255.255.0" -> "192.168.1.0/24"; an address alone is one host; null when unreadable.</summary>
    public static string? Cidr(string? address, string? mask)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return null;
        }

        var hostBits = ip.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = hostBits;
        if (!string.IsNullOrWhiteSpace(mask))
        {
            if (int.TryParse(mask, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) && length <= hostBits)
            {
                prefix = length;
            }
            else if (IPAddress.TryParse(mask, out var maskAddress) && maskAddress.AddressFamily == ip.AddressFamily && PrefixLength(maskAddress.GetAddressBytes()) is { } fromMask)
            {
                prefix = fromMask;
            }
            else
            {
                return null;
            }
        }

        // The network's own address: 192.168.1.7/24 is written 192.168.1.0/24.
        var network = new IPNetwork(Mask(ip, prefix), prefix);
        return network.ToString();
    }

    private static int? PrefixLength(byte[] mask)
    {
        var bits = 0;
        var ended = false;
        foreach (var b in mask)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var set = (b >> bit & 1) == 1;
                if (set && ended)
                {
                    return null;
                }

                if (set)
                {
                    bits++;
                }
                else
                {
                    ended = true;
                }
            }
        }

        return bits;
    }

    private static IPAddress Mask(IPAddress ip, int prefix)
    {
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static void MapDataChannel(ImportContext context)
    {
        var first = context.TopLevel ?? context.Sites.FirstOrDefault();
        if (first is null)
        {
            return;
        }

        foreach (var site in context.Sites)
        {
            var iis = context.Iis;
            var where = $"site[{site.Site.Name}]/ftpServer/security/dataChannelSecurity";
            var port = iis.SiteSetting(site.Site, "security/dataChannelSecurity", "matchClientAddressForPort", "true");
            var pasv = iis.SiteSetting(site.Site, "security/dataChannelSecurity", "matchClientAddressForPasv", "true");
            if (string.Equals(port.Value, "false", StringComparison.OrdinalIgnoreCase))
            {
                if (site == first)
                {
                    context.Output.Set("Ftp:AllowActiveToOtherHosts", true);
                    context.Report.Mapped(where + "/@matchClientAddressForPort", "Ftp:AllowActiveToOtherHosts", "true", "PORT/EPRT may name another host (FTP bounce, RFC 2577): consider turning it off");
                }
                else
                {
                    context.Report.NotMapped(where + "/@matchClientAddressForPort", "false here, but Ftp:AllowActiveToOtherHosts is the whole server's and follows the server's own site.");
                }
            }

            if (string.Equals(pasv.Value, "false", StringComparison.OrdinalIgnoreCase))
            {
                context.Report.NotMapped(where + "/@matchClientAddressForPasv", "false: IIS let any host connect to a passive port. Ferry always checks that the passive data connection comes from the control connection's address (a defence against data theft); a client behind a proxy with two addresses must use active mode or one address.");
            }
        }
    }
}
