using System.Globalization;

namespace Ferry.Import.Iis;

/// <summary>
/// IIS 8's FTP logon attempt restrictions (system.ftpServer/security/authentication/denyByFailure:
/// maxFailure failures within entryExpiration block the address) -> Bans:MaxFailures and
/// Bans:WindowSeconds, with the ban lasting the same window as in IIS (Bans:BanSeconds).
/// </summary>
public static class LogonRestrictionMapper
{
    public static void Map(ImportContext context)
    {
        var iis = context.Iis;
        var element = IisConfig.Descend(iis.FtpServer, "security/authentication/denyByFailure");
        if (element is null)
        {
            return;
        }

        const string Where = "system.ftpServer/security/authentication/denyByFailure";
        var enabled = bool.TryParse(iis.Attr(element, "enabled"), out var on) && on;
        var maxFailure = iis.Attr(element, "maxFailure");
        var expiration = iis.Attr(element, "entryExpiration");
        var loggingOnly = bool.TryParse(iis.Attr(element, "loggingOnlyMode"), out var log) && log;
        if (!enabled)
        {
            context.Report.NotMapped(Where, "off in IIS; Ferry's ban list (Bans) is always on, with its defaults.");
            return;
        }

        if (loggingOnly)
        {
            context.Report.NotMapped(Where + "/@loggingOnlyMode", "true: IIS only logged the addresses it would have blocked; Ferry's ban list always refuses them (raise Bans:MaxFailures, or list trusted networks in Bans:NeverBan).");
        }

        if (int.TryParse(maxFailure, NumberStyles.None, CultureInfo.InvariantCulture, out var failures) && failures is >= 1 and <= 1000)
        {
            context.Output.Set("Bans:MaxFailures", failures);
            context.Report.Mapped(Where + "/@maxFailure", "Bans:MaxFailures", failures.ToString(CultureInfo.InvariantCulture));
        }
        else if (maxFailure is not null)
        {
            context.Report.NotMapped(Where + "/@maxFailure", $"{maxFailure}: Bans:MaxFailures takes 1-1000.");
        }

        if (TimeSpan.TryParse(expiration, CultureInfo.InvariantCulture, out var window) && window.TotalSeconds is >= 1 and <= 86400)
        {
            var seconds = (int)window.TotalSeconds;
            context.Output.Set("Bans:WindowSeconds", seconds);
            context.Output.Set("Bans:BanSeconds", seconds);
            context.Report.Mapped(Where + "/@entryExpiration", "Bans:WindowSeconds and Bans:BanSeconds", seconds.ToString(CultureInfo.InvariantCulture),
                "IIS counted failures and blocked the address for the same time");
        }
        else if (expiration is not null)
        {
            context.Report.NotMapped(Where + "/@entryExpiration", $"{expiration}: not a time of 1 second to 1 day (hh:mm:ss).");
        }
    }
}
