namespace Ferry.Import.Iis;

/// <summary>What `ferry import iis` was asked to do.</summary>
/// <param name="Source">The applicationHost.config, as the report names it.</param>
/// <param name="Site">--site: the site to import (its port decides which others come along); null = the first FTP site.</param>
/// <param name="DataDirectory">The output's data folder, where the accounts are stored (its full path goes into ferry.json).</param>
/// <param name="OutputFolder">The folder of the output ferry.json: placeholder certificate paths are named under it.</param>
public sealed record IisImportOptions(string Source, string? Site, string DataDirectory, string OutputFolder, bool GeneratePasswords)
{
    /// <summary>%SystemDrive% and the others IIS writes into paths, with their usual values.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["SystemDrive"] = "C:",
        ["SystemRoot"] = @"C:\Windows",
        ["windir"] = @"C:\Windows",
        ["ProgramData"] = @"C:\ProgramData",
        ["ProgramFiles"] = @"C:\Program Files",
        ["PUBLIC"] = @"C:\Users\Public",
    };
}
