namespace Ferry.Import.Iis;

/// <summary>An IIS site chosen for import, and where it goes in ferry.json.</summary>
/// <param name="Index">Null: the server's own site (top-level keys); else its entry in Sites.</param>
public sealed record ImportedSite(IisSite Site, IisBinding Binding, IReadOnlyList<string> HostNames, string Root, int? Index)
{
    public bool TopLevel => Index is null;

    /// <summary>The prefix of this site's keys: "" or "Sites:N:".</summary>
    public string Prefix => Index is { } i ? $"Sites:{i}:" : "";

    /// <summary>How the report names it.</summary>
    public string Label => $"site '{Site.Name}'";
}

/// <summary>What every mapper works with: the IIS file, the output, the report and the chosen sites.</summary>
public sealed class ImportContext
{
    public ImportContext(IisConfig iis, IisImportOptions options)
    {
        Iis = iis;
        Options = options;
    }

    public IisConfig Iis { get; }

    public IisImportOptions Options { get; }

    public FerryConfigBuilder Output { get; } = new();

    public MigrationReport Report { get; } = new();

    public List<ImportedSite> Sites { get; } = [];

    public AccountSet Accounts { get; } = new();

    public ImportedSite? TopLevel => Sites.FirstOrDefault(s => s.TopLevel);
}
