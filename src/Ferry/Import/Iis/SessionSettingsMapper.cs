using System.Globalization;
using System.Text.RegularExpressions;
using Ferry.Ftp.Session;

namespace Ferry.Import.Iis;

/// <summary>
/// The settings of a session: firewallSupport (passive range, public address), directoryBrowse
/// (listing style), connections (limits and timeouts) and messages (banner, greeting, exit,
/// max-clients). The server-wide ones come from the server's own site (else the first imported).
/// </summary>
public static partial class SessionSettingsMapper
{
    /// <summary>IIS writes "unlimited" as the largest 32-bit number.</summary>
    private const string Unlimited = "4294967295";

    public static void Map(ImportContext context)
    {
        var iis = context.Iis;
        var report = context.Report;
        var server = iis.FtpServer?.Element("firewallSupport");
        var low = iis.Attr(server, "lowDataChannelPort");
        var high = iis.Attr(server, "highDataChannelPort");
        if (int.TryParse(low, CultureInfo.InvariantCulture, out var lowPort) && int.TryParse(high, CultureInfo.InvariantCulture, out var highPort) && lowPort > 0 && highPort >= lowPort)
        {
            var range = $"{lowPort}-{highPort}";
            context.Output.Set("Ftp:PassivePorts", range);
            report.Mapped("system.ftpServer/firewallSupport/@lowDataChannelPort,@highDataChannelPort", "Ftp:PassivePorts", $"\"{range}\"");
        }
        else if (low is not null || high is not null)
        {
            report.NotMapped("system.ftpServer/firewallSupport", $"lowDataChannelPort={low} highDataChannelPort={high}: 0 (or an incomplete range) lets IIS take Windows' dynamic ports; Ferry keeps its default passive range 20000-21999: open it in the firewall.");
        }

        var first = context.TopLevel ?? context.Sites.FirstOrDefault();
        foreach (var site in context.Sites)
        {
            var isServer = site == first;
            ServerWide(context, site, isServer, "firewallSupport", "externalIp4Address", "Ftp:PublicAddress", v => v.Length > 0 ? v : null);
            ListStyle(context, site, isServer);
            ServerWide(context, site, isServer, "connections", "maxConnections", "Ftp:MaxConnections", v => v == Unlimited ? null : v, number: true);
            ServerWide(context, site, isServer, "connections", "controlChannelTimeout", "Ftp:IdleTimeoutSeconds", Positive, number: true);
            ServerWide(context, site, isServer, "connections", "dataChannelTimeout", "Ftp:DataStallTimeoutSeconds", Positive, number: true);
            ServerWide(context, site, isServer, "connections", "unauthenticatedTimeout", "Ftp:LoginTimeoutSeconds", Positive, number: true);
            foreach (var (attribute, reason) in new[]
            {
                ("maxBandwidth", "IIS's bandwidth cap of the site: Ferry caps the server with Bandwidth:UploadBytesPerSecond and Bandwidth:DownloadBytesPerSecond (each way), and accounts with their own; set them by hand."),
                ("minBytesPerSecond", "Ferry ends a transfer in which no byte moves for Ftp:DataStallTimeoutSeconds; it has no minimum rate."),
                ("resetOnMaxConnections", "Ferry always answers 421 beyond Ftp:MaxConnections, never a reset."),
                ("serverListenBacklog", "Ferry sets its own listen backlog."),
                ("disableSocketPooling", "a Windows socket option with no meaning here."),
            })
            {
                if (iis.SiteSetting(site.Site, "connections", attribute).Value is { } value)
                {
                    report.NotMapped($"site[{site.Site.Name}]/ftpServer/connections/@{attribute}", $"{value}: {reason}");
                }
            }

            Messages(context, site, isServer);
        }
    }

    private static string? Positive(string value) => int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? value : null;

    /// <summary>A setting Ferry has once for the whole server: the server's own site's value; another site's is reported.</summary>
    private static void ServerWide(ImportContext context, ImportedSite site, bool isServer, string element, string attribute, string key, Func<string, string?> convert, bool number = false)
    {
        var value = context.Iis.SiteSetting(site.Site, element, attribute);
        if (!value.Written || value.Value is null)
        {
            return;
        }

        var where = $"site[{site.Site.Name}]/ftpServer/{element}/@{attribute}";
        var converted = convert(value.Value);
        if (converted is null)
        {
            report(where, $"{value.Value}: IIS's 'no limit' or 'none'; Ferry's default is kept.");
            return;
        }

        if (!isServer)
        {
            report(where, $"{value.Value}: {key} is the whole server's in Ferry and follows the server's own site.");
            return;
        }

        context.Output.Set(key, number ? long.Parse(converted, CultureInfo.InvariantCulture) : converted);
        context.Report.Mapped(where, key, number ? converted : SiteMapper.Quote(converted));

        void report(string setting, string reason) => context.Report.NotMapped(setting, reason);
    }

    private static void ListStyle(ImportContext context, ImportedSite site, bool isServer)
    {
        // IIS's default (no StyleUnix flag) is the MS-DOS listing, Ferry's is Unix: always written.
        var flags = context.Iis.SiteSetting(site.Site, "directoryBrowse", "showFlags", "None");
        var words = (flags.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var where = $"site[{site.Site.Name}]/ftpServer/directoryBrowse/@showFlags";
        var style = words.Contains("StyleUnix", StringComparer.OrdinalIgnoreCase) ? "Unix" : "MsDos";
        if (isServer)
        {
            context.Output.Set("Ftp:ListStyle", style);
            context.Report.Mapped(where, "Ftp:ListStyle", $"\"{style}\"", flags.Written ? null : "not written: IIS's default is the MS-DOS style");
        }
        else if (!string.Equals(style, context.Output.Root["Ftp"]?["ListStyle"]?.GetValue<string>(), StringComparison.Ordinal))
        {
            context.Report.NotMapped(where, $"{style}: Ftp:ListStyle is the whole server's and follows the server's own site.");
        }

        foreach (var flag in words.Where(w => !w.Equals("StyleUnix", StringComparison.OrdinalIgnoreCase) && !w.Equals("None", StringComparison.OrdinalIgnoreCase)))
        {
            var reason = flag.ToLowerInvariant() switch
            {
                "longdate" => "Ferry's listings show the year for files older than six months, as ls does; MLSD gives exact times.",
                "displayavailablebytes" => "Ferry answers AVBL (and quota PROPFIND) with the bytes available instead of a line in each listing.",
                "displayvirtualdirectories" => "Ferry lists mount points as folders of their parent.",
                _ => "not an IIS directoryBrowse flag Ferry knows.",
            };
            context.Report.NotMapped($"{where} {flag}", reason);
        }
    }

    private static void Messages(ImportContext context, ImportedSite site, bool isServer)
    {
        var iis = context.Iis;
        var where = $"site[{site.Site.Name}]/ftpServer/messages";
        var expand = iis.SiteSetting(site.Site, "messages", "expandVariables", "false");
        var expands = bool.TryParse(expand.Value, out var e) && e;
        foreach (var (attribute, serverKey, siteKey) in new[]
        {
            ("bannerMessage", "Ftp:Banner", "Banner"),
            ("greetingMessage", "Ftp:Greeting", "Greeting"),
            ("exitMessage", "Ftp:ExitMessage", "ExitMessage"),
            ("maxClientsMessage", "Ftp:MaxClientsMessage", (string?)null),
        })
        {
            var value = iis.SiteSetting(site.Site, "messages", attribute);
            if (!value.Written || string.IsNullOrEmpty(value.Value))
            {
                continue;
            }

            var key = site.TopLevel ? serverKey : siteKey is null ? null : site.Prefix + siteKey;
            if (key is null && !isServer)
            {
                context.Report.NotMapped($"{where}/@{attribute}", $"{serverKey} is the whole server's (the limit is reached before a site is chosen) and follows the server's own site.");
                continue;
            }

            key ??= serverKey;
            context.Output.Set(key, value.Value);
            context.Report.Mapped($"{where}/@{attribute}", key, SiteMapper.Quote(value.Value));
            var variables = Variable().Matches(value.Value).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var known = variables.Where(v => MessageVariables.Names.Contains(v.Trim('%'), StringComparer.OrdinalIgnoreCase)).ToList();
            var unknown = variables.Except(known, StringComparer.OrdinalIgnoreCase).ToList();
            if (expands && unknown.Count > 0)
            {
                context.Report.NotMapped($"{where}/@{attribute} {string.Join(" ", unknown)}", $"Ferry fills in {KnownVariables} only; these stay as written. Edit the message.");
            }
            else if (!expands && known.Count > 0)
            {
                context.Report.NotMapped($"{where}/@{attribute} {string.Join(" ", known)}", $"expandVariables was off, so IIS showed them as written; Ferry always fills in {KnownVariables}. Write %% for a percent sign that must stay.");
            }
        }

        if (expand.Written)
        {
            context.Report.Mapped($"{where}/@expandVariables", "(messages)", expand.Value ?? "", $"Ferry always fills in {KnownVariables} in its messages");
        }

        if (iis.SiteSetting(site.Site, "messages", "suppressDefaultBanner").Value is { } suppress && bool.TryParse(suppress, out var s) && s)
        {
            context.Report.Mapped($"{where}/@suppressDefaultBanner", "Ftp:Banner", "true", "Ferry's 220 line is the banner alone; it never adds a product name");
        }

        if (iis.SiteSetting(site.Site, "messages", "allowLocalDetailedErrors").Value is { } detailed)
        {
            context.Report.NotMapped($"{where}/@allowLocalDetailedErrors", $"{detailed}: Ferry's replies say why an operation failed to every client, and its logs say more.");
        }
    }

    private static string KnownVariables => string.Join(", ", MessageVariables.Names.Select(n => $"%{n}%"));

    [GeneratedRegex("%[A-Za-z]+%")]
    private static partial Regex Variable();
}
