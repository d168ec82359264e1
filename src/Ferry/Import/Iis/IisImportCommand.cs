using Ferry.Cli;
using Ferry.Core.Identity;

namespace Ferry.Import.Iis;

/// <summary>`ferry import iis`: reads the file, writes ferry.json, the report and the accounts; never starts a server.</summary>
public static class IisImportCommand
{
    public static async Task<int> RunAsync(string source, string? site, string output, string? reportPath, string? dataDirectory, bool generatePasswords, bool force, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var outPath = Path.GetFullPath(output);
        var outFolder = Path.GetDirectoryName(outPath)!;
        if (File.Exists(outPath) && !force)
        {
            stderr.WriteLine($"ferry: {output} exists; the import never overwrites a configuration. Choose another --out, or add --force to replace it.");
            return ExitCodes.Failed;
        }

        if (!Directory.Exists(outFolder))
        {
            throw new UsageException($"--out: the folder '{outFolder}' does not exist.");
        }

        var data = Path.GetFullPath(dataDirectory ?? Path.Join(outFolder, "ferry-data"));
        var report = Path.GetFullPath(reportPath ?? Path.Join(outFolder, "iis-migration-report.md"));

        // Checked before anything is written: a report that cannot be written after the accounts were would leave half an import.
        if (!Directory.Exists(Path.GetDirectoryName(report)))
        {
            throw new UsageException($"--report: the folder '{Path.GetDirectoryName(report)}' does not exist.");
        }
        IisImportResult result;
        try
        {
            var document = IisXml.Load(source);
            result = IisImport.Run(document, new IisImportOptions(Path.GetFileName(source), site, data, outFolder, generatePasswords));
        }
        catch (Exception error) when (error is InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ferry: {error.Message}");
            return ExitCodes.Failed;
        }

        var hasher = generatePasswords ? new Pbkdf2PasswordHasher() : null;
        var kept = await ImportedAccountStore.WriteAsync(data, result.Accounts, hasher, IisImport.PasswordFile(outFolder));
        foreach (var name in kept)
        {
            result.Report.NotMapped($"account {name}", $"already in {Path.Join(data, "accounts.db")}; left as it was (remove it first to import it again).");
        }

        await File.WriteAllTextAsync(outPath, result.Config.ToJson());
        await File.WriteAllTextAsync(report, result.Report.Render());
        stdout.WriteLine($"Wrote {outPath} and the report {report}.");
        stdout.WriteLine($"Accounts: {result.Accounts.Count - kept.Count} added to {Path.Join(data, "accounts.db")}"
            + (generatePasswords && result.Accounts.Count > kept.Count ? $", their passwords in {IisImport.PasswordFile(outFolder)}" : result.Accounts.Count > kept.Count ? ", disabled until 'ferry account passwd NAME' gives each a password" : "")
            + (kept.Count > 0 ? $"; {kept.Count} already there, left as they were" : "") + ".");
        stdout.WriteLine($"{result.Report.Actions.Count} step(s) need your action and {result.Report.NotMappedSettings.Count()} setting(s) were not mapped: read the report, then run 'ferry config check --config {output}'.");
        return ExitCodes.Ok;
    }
}
