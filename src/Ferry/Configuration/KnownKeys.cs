namespace Ferry.Configuration;

/// <summary>
/// Every key Ferry reads, section by section: a key not declared here is refused as unknown.
/// Each section's keys are declared beside its loader (FerrySettings.Keys.cs, TlsSettings.Keys,
/// WebDavSettings.Keys, ConfiguredAccount.Keys). A new section: declare
/// <c>public static ConfigKey Keys { get; } = ConfigKey.Section(("Key", ConfigKey.Value("default")), ...);</c>
/// next to its loader and add one line ("Name", YourSettings.Keys) to <see cref="Root"/>. The keys are
/// written out rather than found by reflection over an options type: Ferry is published with native
/// AOT, where a nested options type's properties are not there to be found unless something keeps them.
/// Its unknown keys are reported with file and line, a suggestion, and all at once;
/// hot reload can run <see cref="ConfigurationCheck.Load"/> on the new file and keep the old
/// configuration when it throws.
/// </summary>
public static class KnownKeys
{
    public static SectionKey Root { get; } = (SectionKey)ConfigKey.Section(
        ("DataDirectory", ConfigKey.Value("ferry-data")),
        ("Storage", FerrySettings.StorageKeys),
        ("Ftp", FerrySettings.FtpKeys),
        ("Security", FerrySettings.SecurityKeys),
        ("Bans", FerrySettings.BanKeys),
        ("Shutdown", FerrySettings.ShutdownKeys),
        ("Performance", FerrySettings.PerformanceKeys),
        ("Logging", FerrySettings.LoggingKeys),
        ("Accounts", ConfigKey.ListOf(ConfiguredAccount.Keys)),
        ("Sites", ConfigKey.ListOf(SiteSettings.Keys)),
        ("Tls", TlsSettings.Keys),
        ("WebDav", WebDavSettings.Keys),
        ("Logs", LogSettings.Keys),
        ("Admin", AdminSettings.Keys),
        ("Bandwidth", AccountLimitsSettings.BandwidthKeys),
        ("Access", AccessSettings.Keys),
        ("Filtering", FilteringSettings.Keys));
}
