using System.Xml.Linq;
using Ferry.Core.Identity;

namespace Ferry.Import.Iis;

/// <summary>What an import produced: ferry.json, the report, and the accounts for the embedded store.</summary>
public sealed record IisImportResult(FerryConfigBuilder Config, MigrationReport Report, IReadOnlyList<ImportedAccount> Accounts);

/// <summary>
/// applicationHost.config -> ferry.json + report + accounts. Pure: it reads the document and writes
/// nothing (the command writes the files and the store), so the samples' expected output is checked
/// byte for byte.
/// </summary>
public static class IisImport
{
    public static IisImportResult Run(XDocument document, IisImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        var context = new ImportContext(new IisConfig(document), options);
        context.Output.Set("DataDirectory", options.DataDirectory);
        SiteMapper.Map(context);
        if (context.Sites.Count > 0)
        {
            var tls = TlsMapper.Map(context);
            var addresses = AddressMapper.Map(context);
            var commands = CommandFilteringMapper.Map(context);
            AuthorizationMapper.Map(context, tls, addresses, commands);
            FilteringMapper.Map(context);
            SessionSettingsMapper.Map(context);
            LogMapper.Map(context);
            LogonRestrictionMapper.Map(context);
            ReportAccounts(context);
            UnreadSettings.Report(context);
        }

        return new IisImportResult(context.Output, context.Report, context.Accounts.All);
    }

    /// <summary>The passwords file --generate-passwords writes: next to ferry.json, owner-only.</summary>
    public static string PasswordFile(string outputFolder) => Path.Join(outputFolder, "ferry-passwords.txt");

    private static void ReportAccounts(ImportContext context)
    {
        var accounts = context.Accounts.All;
        foreach (var account in accounts)
        {
            var folders = account.Folders.Count == 0 ? "" : $", folders {{{string.Join(", ", account.Folders.Select(f => $"{f.Key}: {PermissionsText.Format(f.Value)}"))}}}";
            var policy = account.Tls == TlsPolicy.Allow ? "" : $", Tls {{Control: {account.Tls.Control}, Data: {account.Tls.Data}}}";
            var addresses = account.AllowFrom.Count + account.DenyFrom.Count == 0 ? "" : $", AllowFrom [{string.Join(", ", account.AllowFrom)}], DenyFrom [{string.Join(", ", account.DenyFrom)}]";
            var commands = account.DenyCommands.Count == 0 ? "" : $", DenyCommands [{string.Join(", ", account.DenyCommands)}]";
            var sites = context.Accounts.SitesOf(account.Name);
            context.Report.Mapped($"user {account.Original}", $"embedded account '{account.Name}'",
                $"home \"{account.Home}\", rights {PermissionsText.Format(account.Permissions)}{folders}{policy}{addresses}{commands}",
                $"site{(sites.Count > 1 ? "s" : "")} {string.Join(", ", sites)}; {(context.Options.GeneratePasswords ? "enabled, with a generated password" : "disabled until it has a password")}");
        }

        if (accounts.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", accounts.Select(a => a.Name));
        context.Report.Action(context.Options.GeneratePasswords
            ? $"Windows passwords cannot be exported. The imported accounts ({names}) were given generated passwords, written once to {PasswordFile(context.Options.OutputFolder)} (readable by you only): hand each to its user, then delete the file. Change one with 'ferry account passwd NAME'."
            : $"Windows passwords cannot be exported: the imported accounts ({names}) are in the embedded store ({Path.Join(context.Options.DataDirectory, "accounts.db")}) without a password and disabled. Give each one a password with 'ferry account passwd NAME --config ferry.json', which also enables it.");
        if (context.Sites.Any(s => !s.TopLevel))
        {
            context.Report.Mapped("accounts of host-name sites", "Sites:N:InheritAccounts", "true",
                "the sites' users are accounts of the embedded store, so 'ferry account passwd' sets their passwords; their relative homes lie under each site's Root. They can log on to every site that inherits accounts and to the server's own site, each time with that site's root under their home");
        }
    }
}
