using Ferry.Core.Identity;

namespace Ferry.Import.Iis;

/// <summary>
/// ftpServer/security/ssl -> each site's accounts' Tls policy (Control, Data); SslRequire on both
/// channels of the server's own site -> Tls:Mode Required; serverCertHash -> a placeholder
/// Tls:CertificateFile and the PowerShell steps that export the certificate to it.
/// </summary>
public static class TlsMapper
{
    /// <summary>Each imported site's TLS policy, for its accounts.</summary>
    public static Dictionary<ImportedSite, TlsPolicy> Map(ImportContext context)
    {
        var policies = new Dictionary<ImportedSite, TlsPolicy>();
        foreach (var site in context.Sites)
        {
            policies[site] = MapSite(context, site);
        }

        return policies;
    }

    private static TlsPolicy MapSite(ImportContext context, ImportedSite site)
    {
        var iis = context.Iis;
        var report = context.Report;
        var where = $"site[{site.Site.Name}]/ftpServer/security/ssl";

        // IIS's schema default for both is SslRequire: a site that never wrote them required TLS.
        var controlValue = iis.SiteSetting(site.Site, "security/ssl", "controlChannelPolicy", "SslRequire");
        var dataValue = iis.SiteSetting(site.Site, "security/ssl", "dataChannelPolicy", "SslRequire");
        var control = Control(controlValue.Value);
        var data = Data(dataValue.Value);
        var defaultNote = (SiteValue v) => v.Written ? null : "not written: IIS's schema default";
        if (control is null)
        {
            report.NotMapped(where + "/@controlChannelPolicy", $"'{controlValue.Value}' is not an IIS policy (SslAllow, SslRequire, SslRequireCredentialsOnly); the accounts get Allow.");
        }
        else
        {
            report.Mapped(where + "/@controlChannelPolicy", $"accounts' Tls:Control", control.Value.ToString(), defaultNote(controlValue)
                ?? (control == ControlChannelPolicy.RequireCredentialsOnly ? "Ferry keeps the control connection protected after the logon: it refuses CCC" : null));
        }

        if (string.Equals(dataValue.Value, "SslDeny", StringComparison.OrdinalIgnoreCase))
        {
            report.NotMapped(where + "/@dataChannelPolicy", "SslDeny (data connections must stay in the clear) has no Ferry equivalent: Ferry lets the client protect its data connections (PROT P); the accounts get Data Allow.");
            data = DataChannelPolicy.Allow;
        }
        else if (data is null)
        {
            report.NotMapped(where + "/@dataChannelPolicy", $"'{dataValue.Value}' is not an IIS policy (SslAllow, SslRequire, SslDeny); the accounts get Allow.");
        }
        else
        {
            report.Mapped(where + "/@dataChannelPolicy", "accounts' Tls:Data", data.Value.ToString(), defaultNote(dataValue));
        }

        if (iis.SiteSetting(site.Site, "security/ssl", "ssl128").Value is { } ssl128 && bool.TryParse(ssl128, out var strong) && strong)
        {
            report.Mapped(where + "/@ssl128", "Tls:MinimumVersion", "\"1.2\"", "Ferry offers only TLS 1.2 and 1.3 with their strong ciphers, all of 128 bits or more; nothing to set");
        }

        var policy = new TlsPolicy(control ?? ControlChannelPolicy.Allow, data ?? DataChannelPolicy.Allow);
        if (site.TopLevel && policy.Control == ControlChannelPolicy.Require && policy.Data == DataChannelPolicy.Require)
        {
            // Required is IIS's SslRequire on both channels for every user of the port, the Windows users
            // the import could not name included; IIS asks it of anonymous users too.
            context.Output.Set("Tls:Mode", "Required");
            context.Output.Set("Tls:AllowPlainAnonymous", false);
            report.Mapped(where, "Tls:Mode", "\"Required\"",
                "SslRequire on both channels: USER before AUTH TLS is refused and every transfer needs PROT P, for every user, also those not imported; IIS asks it of anonymous users too, hence Tls:AllowPlainAnonymous = false. Tls:Mode is the whole server's: host-name sites get their policy through their accounts' Tls");
        }

        MapCertificate(context, site, where, policy);
        return policy;
    }

    private static void MapCertificate(ImportContext context, ImportedSite site, string where, TlsPolicy policy)
    {
        var iis = context.Iis;
        var hash = iis.SiteSetting(site.Site, "security/ssl", "serverCertHash").Value;
        var store = iis.SiteSetting(site.Site, "security/ssl", "serverCertStoreName", "MY").Value ?? "MY";
        if (string.IsNullOrWhiteSpace(hash))
        {
            var certificateKey = site.TopLevel ? "Tls:CertificateFile" : site.Prefix + "Tls:CertificateFile";
            if (!site.TopLevel)
            {
                context.Report.Action($"{site.Label} has no certificate of its own (no serverCertHash): Ferry presents the server's to its clients; set {certificateKey} to give it its own.");
                return;
            }

            context.Report.Action(policy == TlsPolicy.Allow
                ? $"{site.Label} has no certificate (no serverCertHash): IIS offered no FTPS there. Ferry offers explicit FTPS with a self-signed certificate it makes at the first start (clients must trust it; 'ferry tls fingerprint' shows it); set {certificateKey} to a real one, or Tls:Mode to Disabled to offer no TLS."
                : $"{site.Label} requires TLS but names no certificate (no serverCertHash). Ferry serves TLS with a self-signed certificate it makes at the first start (clients must trust it; 'ferry tls fingerprint' shows it); set {certificateKey} to a real one.");
            return;
        }

        var name = FileName(site.Site.Name);
        var file = Path.Join(context.Options.OutputFolder, "tls", name + ".pfx");
        var passwordFile = file + ".password";
        var key = site.TopLevel ? "Tls:" : site.Prefix + "Tls:";
        context.Output.Set(key + "CertificateFile", file);
        context.Output.Set(key + "CertificatePassword", "file:" + passwordFile);
        context.Report.Mapped(where + "/@serverCertHash", key + "CertificateFile", SiteMapper.Quote(file), $"a placeholder until the certificate {hash} is exported there; Ferry refuses to start until it is");
        var storePath = store.Equals("MY", StringComparison.OrdinalIgnoreCase) ? "My" : store;
        context.Report.Action(
            $"Export the certificate of {site.Label} (serverCertHash {hash}, store {store}) to a PFX file, on the IIS server, in PowerShell as an administrator:\n"
            + "```powershell\n"
            + "$password = Read-Host -AsSecureString -Prompt 'PFX password'\n"
            + $"Get-Item 'Cert:\\LocalMachine\\{storePath}\\{hash}' | Export-PfxCertificate -FilePath '{name}.pfx' -Password $password -ChainOption BuildChain\n"
            + "```\n"
            + $"(If Export-PfxCertificate says the key is not exportable, issue a new certificate for Ferry instead.) Copy {name}.pfx to {file}, "
            + $"write its password on the first line of {passwordFile} (readable by Ferry's user only: chmod 600), and check with 'ferry config check'.");
    }

    private static ControlChannelPolicy? Control(string? value) => value switch
    {
        _ when Is(value, "SslAllow", "0") => ControlChannelPolicy.Allow,
        _ when Is(value, "SslRequire", "1") => ControlChannelPolicy.Require,
        _ when Is(value, "SslRequireCredentialsOnly", "2") => ControlChannelPolicy.RequireCredentialsOnly,
        _ => null,
    };

    private static DataChannelPolicy? Data(string? value) => value switch
    {
        _ when Is(value, "SslAllow", "0") => DataChannelPolicy.Allow,
        _ when Is(value, "SslRequire", "1") => DataChannelPolicy.Require,
        _ => null,
    };

    private static bool Is(string? value, string name, string number) =>
        string.Equals(value, name, StringComparison.OrdinalIgnoreCase) || value == number;

    /// <summary>A site name as a file name: letters, digits, dots and hyphens; the rest become hyphens.</summary>
    private static string FileName(string siteName)
    {
        var chars = siteName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? char.ToLowerInvariant(c) : '-').ToArray();
        var text = new string(chars).Trim('-', '.');
        return text.Length == 0 ? "site" : text;
    }
}
