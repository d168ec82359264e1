using System.Net;

namespace Ferry.Configuration;

/// <summary>The `Admin` section: where the admin endpoint (session list, bans, metrics, health) listens.</summary>
/// <param name="Port">Default 2122, next to FTP's 2121; 0 turns the endpoint off (and with it `ferry status` and the metrics).</param>
/// <param name="Listen">Empty (the default): loopback only, 127.0.0.1 and ::1 where the machine has IPv6. The endpoint can end sessions, so the network should not reach it unless the operator says so.</param>
public sealed record AdminSettings(int Port, IReadOnlyList<IPAddress> Listen)
{
    /// <summary>The Admin section's keys, for the unknown-key check (<see cref="KnownKeys"/>).</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("Port", ConfigKey.Value("2122")),
        ("Listen", ConfigKey.ValueOrList()));

    public const int DefaultPort = 2122;

    public bool Enabled => Port != 0;

    /// <summary>The defaults: port 2122 on loopback.</summary>
    public static AdminSettings Default { get; } = new(DefaultPort, []);

    /// <summary>
    /// The section, with each bad value recorded in <paramref name="problems"/> (and its default taken), so
    /// that `ferry config check` refuses what `ferry serve` would refuse, in the same list as every other key.
    /// </summary>
    public static AdminSettings Read(IConfigurationSection section, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(problems);
        var port = FerrySettings.OptionalPort(problems, section, "Port", DefaultPort);
        var listen = FerrySettings.Addresses(problems, section.GetSection("Listen"));
        return new AdminSettings(port, listen);
    }

    /// <summary>Where a client on this machine reaches the endpoint: the first listen address, loopback for a wildcard.</summary>
    public IPAddress ClientAddress => Listen.Count == 0 ? IPAddress.Loopback : Listen[0] switch
    {
        var any when any.Equals(IPAddress.Any) => IPAddress.Loopback,
        var any when any.Equals(IPAddress.IPv6Any) => IPAddress.IPv6Loopback,
        var address => address,
    };
}
