using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Ftp;
using Ferry.Storage.Local;

namespace Ferry.Configuration;

/// <summary>The keys <see cref="Load"/> reads, with the defaults `ferry config print` shows; keep them in step.</summary>
public sealed partial record FerrySettings
{
    public static ConfigKey StorageKeys { get; } = ConfigKey.Section(
        ("Root", ConfigKey.Value("<DataDirectory>/files")),
        ("Umask", ConfigKey.Value("022")),
        ("FlushOnCommit", ConfigKey.Value("true")),
        ("CreateMissing", ConfigKey.Value("false")),
        ("PortableNames", ConfigKey.Value(OperatingSystem.IsWindows() ? "true" : "false")),
        ("Jail", ConfigKey.Value(LocalStorages.DefaultJail.ToString())),
        ("Mounts", MountSettings.Keys));

    public static ConfigKey FtpKeys { get; } = ConfigKey.Section(
        ("Port", ConfigKey.Value("2121")),
        ("Listen", ConfigKey.ListOf(ConfigKey.Value())),
        ("PassivePorts", ConfigKey.Value("20000-21999")),
        ("PublicAddress", ConfigKey.Value()),
        ("Banner", ConfigKey.Value(new FtpOptions().Banner)),
        ("Greeting", ConfigKey.Value()),
        ("ExitMessage", ConfigKey.Value("Goodbye.")),
        ("MaxClientsMessage", ConfigKey.Value()),
        ("ActiveSourcePort", ConfigKey.Value("20")),
        ("LoginTimeoutSeconds", ConfigKey.Value("60")),
        ("IdleTimeoutSeconds", ConfigKey.Value("300")),
        ("DataConnectTimeoutSeconds", ConfigKey.Value("30")),
        ("DataStallTimeoutSeconds", ConfigKey.Value("60")),
        ("ListStyle", ConfigKey.Value("Unix")),
        ("AllowActiveToOtherHosts", ConfigKey.Value("false")),
        ("AllowActiveToPrivilegedPorts", ConfigKey.Value("false")),
        ("MaxLoginFailures", ConfigKey.Value($"{new FtpOptions().MaxLogonFailures}")),
        ("HashBytesPerSecond", ConfigKey.Value($"{new FtpOptions().HashBytesPerSecond}")),
        ("MaxConnections", ConfigKey.Value("10000")),
        ("MaxConnectionsPerAddress", ConfigKey.Value("200")));

    public static ConfigKey SecurityKeys { get; } = ConfigKey.Section(
        ("AnonymousHome", ConfigKey.Value()),
        ("MaxConcurrentHashes", ConfigKey.Value($"{new LoginPolicyOptions().MaxConcurrentHashes}")),
        ("MaxPendingHashesPerAddress", ConfigKey.Value($"{new LoginPolicyOptions().MaxPendingHashesPerAddress}")),
        ("FailureDelayMilliseconds", ConfigKey.Value("1000")),
        ("LogonCacheSeconds", ConfigKey.Value("600")),
        ("PasswordHashIterations", ConfigKey.Value($"{new PasswordHashOptions().Iterations}")));

    public static ConfigKey BanKeys { get; } = ConfigKey.Section(
        ("MaxFailures", ConfigKey.Value($"{new BanOptions().MaxFailuresPerAddress}")),
        ("WindowSeconds", ConfigKey.Value($"{(int)new BanOptions().FailureWindow.TotalSeconds}")),
        ("BanSeconds", ConfigKey.Value($"{(int)new BanOptions().BanDuration.TotalSeconds}")),
        ("MaxTrackedAddresses", ConfigKey.Value($"{new BanOptions().MaxTrackedAddresses}")),
        ("NeverBan", ConfigKey.ListOf(ConfigKey.Value())));

    public static ConfigKey ShutdownKeys { get; } = ConfigKey.Section(("GraceSeconds", ConfigKey.Value("30")));

    public static ConfigKey PerformanceKeys { get; } = ConfigKey.Section(
        ("RunOnSocketThreads", ConfigKey.Value(DefaultRunOnSocketThreads ? "true" : "false")),
        ("SocketThreads", ConfigKey.Value("0")),
        ("CopyToLocalClients", ConfigKey.Value(Core.Net.LocalPeer.CopyByDefault ? "true" : "false")));

    /// <summary>
    /// Ferry's Level, plus the framework's own shape: LogLevel by category and provider sections
    /// (Console: FormatterName, FormatterOptions...), which the logging providers check themselves.
    /// </summary>
    public static ConfigKey LoggingKeys { get; } = ConfigKey.Section(
        ("Level", ConfigKey.Value("Information")),
        ("LogLevel", ConfigKey.MapOf(ConfigKey.Value())),
        ("Console", ConfigKey.Anything),
        ("Debug", ConfigKey.Anything),
        ("EventSource", ConfigKey.Anything),
        ("EventLog", ConfigKey.Anything));
}
