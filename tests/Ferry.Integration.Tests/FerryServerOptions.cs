namespace Ferry.Integration.Tests;

/// <summary>What a <see cref="FerryServer"/> is started with beyond its ports and loopback addresses.</summary>
public sealed record FerryServerOptions
{
    public static FerryServerOptions Default { get; } = new();

    /// <summary>`--user alice:PASSWORD`; off, the server finds its accounts in the store (or creates the first one).</summary>
    public bool UserFlag { get; init; } = true;

    /// <summary>
    /// `--root` and `--data`; off, the server runs in an empty working folder on its defaults
    /// (./ferry-data and ./ferry-data/files), as a first-time user would start it.
    /// </summary>
    public bool FolderFlags { get; init; } = true;

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>`--passive-ports` with the block's range; off, the configuration's Ftp:PassivePorts holds (it must lie in the block).</summary>
    public bool PassivePortsFlag { get; init; } = true;

    /// <summary>`--implicit-port`: implicit FTPS on the last port of the server's block (the block's last three ports are never passive ports).</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>
    /// A published ferry binary to run instead of `dotnet ferry.dll` (this platform's package); unset, the
    /// FERRY_TEST_EXECUTABLE binary when the suite runs with one (<see cref="FerryProgram.Command"/>).
    /// </summary>
    public string? Executable { get; init; }

    /// <summary>Set in the server's environment only, for example FERRY__FTP__LISTSTYLE.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A server that sends downloads to this machine's clients (every test's) as copies (true, the
    /// Linux default) or by sendfile (false): Performance:CopyToLocalClients.
    /// </summary>
    public static FerryServerOptions CopyingToLocalClients(bool copy) => new()
    {
        Environment = new Dictionary<string, string> { ["FERRY__Performance__CopyToLocalClients"] = copy ? "true" : "false" },
    };
}
