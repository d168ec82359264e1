using System.CommandLine;
using Ferry.Cli;

namespace Ferry.Import.Iis;

/// <summary>`ferry import iis`: its options and help; the work is <see cref="IisImportCommand"/>.</summary>
public static class ImportCommandDefinition
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The IIS applicationHost.config (from %windir%\\System32\\inetsrv\\config)." };
        var site = new Option<string>("--site") { HelpName = "NAME", Description = "The FTP site to import; sites on its port with host names come along as Sites (default: the first FTP site)." };
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "The Ferry configuration to write; an existing file is kept unless --force.", DefaultValueFactory = _ => "ferry.json" };
        var report = new Option<string>("--report") { HelpName = "FILE", Description = "The migration report (default: iis-migration-report.md next to --out)." };
        var data = new Option<string>("--data") { HelpName = "DIR", Description = "The new configuration's data folder, where the accounts are stored (default: ferry-data next to --out)." };
        var generate = new Option<bool>("--generate-passwords") { Description = "Give the accounts generated passwords (written once to ferry-passwords.txt next to --out, owner-only) and enable them; otherwise they are disabled until 'ferry account passwd'." };
        var force = new Option<bool>("--force") { Description = "Replace an existing --out file." };
        var iis = new DocumentedCommand("iis", "Turn an IIS 7-10 FTP configuration into ferry.json, accounts and a migration report.", """
            Reads applicationHost.config (never runs anything from it) and writes a Ferry configuration,
            the imported Windows users as accounts of the embedded store (Windows passwords cannot be
            exported), and a report: what was mapped to which key, what needs your action (export the
            certificate, set passwords) and what was not mapped, with the reason. It never starts a
            server. See docs/migrating-from-iis.md.
            """)
        {
            file, site, output, report, data, generate, force,
        };
        iis.SetAction((parseResult, _) => IisImportCommand.RunAsync(
            parseResult.GetRequiredValue(file),
            parseResult.GetValue(site),
            parseResult.GetValue(output)!,
            parseResult.GetValue(report),
            parseResult.GetValue(data),
            parseResult.GetValue(generate),
            parseResult.GetValue(force),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return new Command("import", "Import another server's configuration.") { iis };
    }
}
