using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Ftp;
using Ferry.Storage.Local;
using Microsoft.Extensions.Logging;

namespace Ferry.Configuration;

/// <summary>Connection limits, answered with 421 and a sentence rather than a silent close.</summary>
/// <param name="MaxConnections">All control connections at once; bounds memory and file handles.</param>
/// <param name="MaxConnectionsPerAddress">From one client address; stops one host from taking every slot.</param>
public sealed record ConnectionLimits(int MaxConnections, int MaxConnectionsPerAddress);

/// <summary>Everything the host was configured with, validated, as immutable records.</summary>
public sealed partial record FerrySettings(
    string DataDirectory,
    string Root,
    int FtpPort,
    IReadOnlyList<IPAddress> ListenAddresses,
    FtpOptions Ftp,
    LoginPolicyOptions Login,
    PasswordHashOptions Hashing,
    BanOptions Bans,
    LocalStorageOptions Storage,
    ConnectionLimits Limits,
    TimeSpan ShutdownGrace,
    IReadOnlyList<Ferry.Core.Identity.Account> Accounts,
    LogLevel LogLevel,
    TlsSettings Tls,
    WebDavSettings WebDav)
{
    /// <summary>
    /// Storage:CreateMissing (--create-missing): create a configured root, home or data folder's parent
    /// that does not exist, instead of refusing to start. Off: a typo in a path must not quietly
    /// serve (and fill) a new empty folder.
    /// </summary>
    public bool CreateMissing { get; init; }

    /// <summary>Bandwidth: the server-wide limits every transfer also draws from; none by default.</summary>
    public BandwidthLimits Bandwidth { get; init; } = BandwidthLimits.None;

    /// <summary>Virtual FTP sites on the same ports (RFC 7151 HOST); none by default. See <see cref="SiteSettings"/>.</summary>
    public IReadOnlyList<SiteSettings> Sites { get; init; } = [];

    /// <summary>The Access section: the server's address rules and per-account session limit.</summary>
    public AccessSettings Access { get; init; } = AccessSettings.Default;

    /// <summary>The Admin section: where the admin endpoint listens.</summary>
    public AdminSettings Admin { get; init; } = AdminSettings.Default;

    /// <summary>The Filtering section: hidden names, refused or allowed file types, the largest upload (IIS requestFiltering).</summary>
    public Ferry.Core.Files.RequestFilter Filtering { get; init; } = Ferry.Core.Files.RequestFilter.None;

    /// <summary>Storage:Mounts: local folders shown at paths of the served root (see <see cref="MountSettings"/>); read at start only.</summary>
    public IReadOnlyList<Core.Identity.FolderMount> Mounts { get; init; } = [];

    /// <summary>
    /// Performance:RunOnSocketThreads: a connection's short steps (an FTP command, a small download, a
    /// small GET) run on the socket thread that received their bytes instead of being handed to the
    /// thread pool; work that may hold a thread for long still goes to the pool (see
    /// <see cref="Ferry.Core.Net.SocketThreads"/>). Read at start only: .NET reads its switch once.
    /// </summary>
    public bool RunOnSocketThreads { get; init; } = DefaultRunOnSocketThreads;

    /// <summary>
    /// Performance:SocketThreads: how many socket threads run those steps when
    /// <see cref="RunOnSocketThreads"/> is on; 0 (the default) chooses half the CPUs, at least one
    /// (<see cref="Ferry.Core.Net.SocketThreads.DefaultThreadCount"/>). Read at start only.
    /// </summary>
    public int SocketThreadCount { get; init; }

    /// <summary>
    /// On where it was measured (Linux: 2,000 small files 1.13-1.36×, small GETs 1.05-1.17×, the
    /// server's CPU for them a half and a third); elsewhere .NET's own default until measured there.
    /// </summary>
    public static bool DefaultRunOnSocketThreads => OperatingSystem.IsLinux();

    /// <summary>Reads and checks every value; throws every problem at once (<see cref="ConfigurationException"/>).</summary>
    public static FerrySettings Load(IConfiguration config)
    {
        var problems = new ConfigurationProblems();
        var settings = Read(config, problems);
        problems.ThrowIfAny(config);
        return settings;
    }

    /// <summary>
    /// The settings, with a default standing in for each value that cannot be used; every problem,
    /// unknown keys included, goes to <paramref name="p"/>.
    /// </summary>
    public static FerrySettings Read(IConfiguration config, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(p);
        p.AddRange(UnknownKeys.In(config, KnownKeys.Root));
        var data = Path.GetFullPath(config["DataDirectory"] ?? "ferry-data");
        var root = Path.GetFullPath(config["Storage:Root"] ?? Path.Combine(data, "files"));
        var ftp = config.GetSection("Ftp");
        var (low, high) = p.Read(() => ParseRange(ftp["PassivePorts"] ?? "20000-21999", "Ftp:PassivePorts"), (20000, 21999));
        var publicAddress = ftp["PublicAddress"] is { Length: > 0 } text ? p.Read(() => ParseAddress(text, "Ftp:PublicAddress"), null) : null;
        var copyToLocalClients = Bool(p, config.GetSection("Performance"), "CopyToLocalClients", Core.Net.LocalPeer.CopyByDefault);
        var options = new FtpOptions
        {
            Banner = ftp["Banner"] ?? new FtpOptions().Banner,
            Greeting = ftp["Greeting"] is { Length: > 0 } greeting ? greeting : null,
            ExitMessage = ftp["ExitMessage"] is { Length: > 0 } exit ? exit : null,
            MaxClientsMessage = ftp["MaxClientsMessage"] is { Length: > 0 } full ? full : null,
            PassivePortLow = low,
            PassivePortHigh = high,
            PublicAddress = publicAddress,
            ActiveSourcePort = Int(p, ftp, "ActiveSourcePort", 20, 0, 65535),
            LoginTimeout = Seconds(p, ftp, "LoginTimeoutSeconds", 60),
            IdleTimeout = Seconds(p, ftp, "IdleTimeoutSeconds", 300),
            DataConnectTimeout = Seconds(p, ftp, "DataConnectTimeoutSeconds", 30),
            DataStallTimeout = Seconds(p, ftp, "DataStallTimeoutSeconds", 60),
            ListStyle = Enum<ListStyle>(p, ftp, "ListStyle", ListStyle.Unix),
            AllowActiveToOtherHosts = Bool(p, ftp, "AllowActiveToOtherHosts", false),
            AllowActiveToPrivilegedPorts = Bool(p, ftp, "AllowActiveToPrivilegedPorts", false),

            // Up to 100: more would let one connection guess on and on, which is what the limit stops.
            MaxLogonFailures = Int(p, ftp, "MaxLoginFailures", new FtpOptions().MaxLogonFailures, 1, 100),

            // 0 lifts the bound; up to 2 GiB/s, about what one core hashes at best.
            HashBytesPerSecond = Int(p, ftp, "HashBytesPerSecond", (int)new FtpOptions().HashBytesPerSecond, 0, int.MaxValue),
            CopyToLocalClients = copyToLocalClients,
        };

        var security = config.GetSection("Security");
        var anonymous = security["AnonymousHome"] is { Length: > 0 } anon ? Path.GetFullPath(anon) : null;
        var login = new LoginPolicyOptions
        {
            MaxConcurrentHashes = Int(p, security, "MaxConcurrentHashes", new LoginPolicyOptions().MaxConcurrentHashes, 1, 1024),
            MaxPendingHashesPerAddress = Int(p, security, "MaxPendingHashesPerAddress", new LoginPolicyOptions().MaxPendingHashesPerAddress, 1, 1000),
            FailureDelay = TimeSpan.FromMilliseconds(Int(p, security, "FailureDelayMilliseconds", 1000, 0, 60_000)),
            AnonymousHome = anonymous,

            // "ftp" is FTP's traditional second anonymous name (RFC 1635); every protocol accepts both.
            AnonymousNames = ["anonymous", "ftp"],

            // Up to a day: longer would keep a checkable digest in memory long after a device stopped.
            LogonCacheLifetime = TimeSpan.FromSeconds(Int(p, security, "LogonCacheSeconds", 600, 0, 86_400)),
        };
        var hashing = new PasswordHashOptions
        {
            Iterations = Int(p, security, "PasswordHashIterations", new PasswordHashOptions().Iterations, 1_000, 10_000_000),
        };

        var bans = LoadBans(config.GetSection("Bans"), p);

        var storage = config.GetSection("Storage");
        var umask = p.Read(() => ParseUmask(storage["Umask"] ?? "022"), 0b000_010_010);
        var storageOptions = new LocalStorageOptions(
            FileMode: (UnixFileMode)(0b110_110_110 & ~umask),
            DirectoryMode: (UnixFileMode)(0b111_111_111 & ~umask),
            FlushOnCommit: Bool(p, storage, "FlushOnCommit", true),

            // On by default where Windows itself serves the files; elsewhere only when asked (a tree shared over SMB).
            PortableNames: Bool(p, storage, "PortableNames", OperatingSystem.IsWindows()))
        {
            Jail = ReadJail(p, storage),
        };

        var listen = Addresses(p, ftp.GetSection("Listen"));
        var limits = new ConnectionLimits(
            Int(p, ftp, "MaxConnections", 10_000, 1, 1_000_000),
            Int(p, ftp, "MaxConnectionsPerAddress", 200, 1, 1_000_000));

        var tls = TlsSettings.Read(config.GetSection("Tls"), p);
        ConfiguredAccountPolicy.CheckTlsOffered(config.GetSection("Accounts"), tls.Enabled, p);
        return new FerrySettings(
            data,
            root,
            Int(p, ftp, "Port", 2121, 1, 65535),
            listen,
            options,
            login,
            hashing,
            bans,
            storageOptions,
            limits,
            TimeSpan.FromSeconds(Int(p, config.GetSection("Shutdown"), "GraceSeconds", 30, 0, 3600)),
            ConfiguredAccount.Read(config.GetSection("Accounts"), p),
            Enum(p, config.GetSection("Logging"), "Level", LogLevel.Information),
            tls,
            WebDavSettings.Read(config.GetSection("WebDav"), tls, p, copyToLocalClients))
        {
            CreateMissing = Bool(p, config.GetSection("Storage"), "CreateMissing", false),
            Bandwidth = AccountLimitsSettings.ReadBandwidth(config.GetSection("Bandwidth"), p),
            Sites = SiteSettings.Read(config.GetSection("Sites"), tls, p),
            Access = AccessSettings.Read(config.GetSection("Access"), p),
            Admin = AdminSettings.Read(config.GetSection("Admin"), p),
            Filtering = FilteringSettings.Read(config, p) ?? Ferry.Core.Files.RequestFilter.None,
            Mounts = MountSettings.Read(config.GetSection("Storage:Mounts"), p),
            RunOnSocketThreads = Bool(p, config.GetSection("Performance"), "RunOnSocketThreads", DefaultRunOnSocketThreads),

            // Up to 1,024: more than the CPUs of any machine Ferry serves from; each is a thread with an epoll instance of its own.
            SocketThreadCount = Int(p, config.GetSection("Performance"), "SocketThreads", 0, 0, 1024),
        };
    }

    /// <summary>Storage:Jail: Kernel (openat2, 64-bit Linux only, its default) or Portable (the default elsewhere).</summary>
    private static LocalJail ReadJail(ConfigurationProblems p, IConfiguration storage)
    {
        var jail = Enum(p, storage, "Jail", LocalStorages.DefaultJail);
        if (jail == LocalJail.Kernel && LocalStorages.DefaultJail != LocalJail.Kernel)
        {
            p.Add("Storage:Jail", "Storage:Jail: Kernel needs 64-bit Linux (openat2); use Portable on this system.");
            return LocalJail.Portable;
        }

        return jail;
    }

    /// <summary>The ban list's rules; every bound says what a larger value would break.</summary>
    private static BanOptions LoadBans(IConfigurationSection section, ConfigurationProblems p)
    {
        var defaults = new BanOptions();
        return new BanOptions
        {
            // Up to 1,000 in a window: beyond that the list no longer slows a guesser at all.
            MaxFailuresPerAddress = Int(p, section, "MaxFailures", defaults.MaxFailuresPerAddress, 1, 1000),
            FailureWindow = TimeSpan.FromSeconds(Int(p, section, "WindowSeconds", (int)defaults.FailureWindow.TotalSeconds, 1, 86_400)),

            // Up to a week; 0 = only until enough failures leave the window.
            BanDuration = TimeSpan.FromSeconds(Int(p, section, "BanSeconds", (int)defaults.BanDuration.TotalSeconds, 0, 604_800)),
            MaxTrackedAddresses = Int(p, section, "MaxTrackedAddresses", defaults.MaxTrackedAddresses, 1, 10_000_000),
            NeverBanned = [.. section.GetSection("NeverBan").GetChildren()
                .Where(child => !string.IsNullOrWhiteSpace(child.Value))
                .Select(child => p.Read(() => ParseNetwork(child.Value!.Trim(), child.Path), new IPNetwork(IPAddress.None, 32)))],
        };
    }

    /// <summary>An address (one host) or a network in CIDR form, such as 192.0.2.7, 10.0.0.0/8 or 2001:db8::/32.</summary>
    public static IPNetwork ParseNetwork(string text, string key)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (IPAddress.TryParse(addressText, out var address) && !addressText.Contains('%', StringComparison.Ordinal))
        {
            // An IPv4-mapped address names the IPv4 host, and ::ffff:a.b.c.d/n the IPv4 network
            // a.b.c.d/(n-96): clients' addresses are compared unmapped.
            var mapped = address.IsIPv4MappedToIPv6;
            address = mapped ? address.MapToIPv4() : address;
            var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            var prefix = bits;
            if (slash < 0 || (int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                && (prefix = mapped ? prefix - 96 : prefix) is >= 0 && prefix <= bits))
            {
                var first = MaskTo(address, prefix);
                return first.Equals(address)
                    ? new IPNetwork(address, prefix)
                    : throw new ConfigurationException(key, $"{key}: '{text}' has bits set after the first {prefix}; write the network's first address: {first}/{prefix}.");
            }
        }

        throw new ConfigurationException(key, $"{key} must be an IP address or a network such as 10.0.0.0/8 or 2001:db8::/32, not '{text}'.");
    }

    private static IPAddress MaskTo(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    public static (int Low, int High) ParseRange(string text, string key)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && low is >= 1024 and <= 65535 && high >= low && high <= 65535)
        {
            return (low, high);
        }

        throw new ConfigurationException(key, $"{key} must be a range LOW-HIGH of ports 1024-65535, not '{text}'.");
    }

    private static IPAddress ParseAddress(string text, string key) =>
        IPAddress.TryParse(text, out var address) ? address : throw new ConfigurationException(key, $"{key}: '{text}' is not an IP address.");

    private static int ParseUmask(string text)
    {
        // Parsed by hand: Convert.ToInt32(text, 8) throws ArgumentException, ArgumentOutOfRangeException
        // or OverflowException for "-22", "" or long input, which would escape as a bare stack trace.
        var value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                value = -1;
                break;
            }

            value = (value * 8) + (c - '0');
            if (value > 0b111_111_111)
            {
                break;
            }
        }

        if (text.Length > 0 && value is >= 0 and <= 0b111_111_111)
        {
            return value;
        }

        throw new ConfigurationException("Storage:Umask", $"Storage:Umask must be an octal mask such as 022, not '{text}'.");
    }

    internal static int Int(ConfigurationProblems p, IConfiguration section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        p.Add(KeyPath(section, key), $"{KeyPath(section, key)} must be a whole number from {min} to {max}, not '{text}'.");
        return fallback;
    }

    /// <summary>A port that may be 0 for "none" (Tls:ImplicitPort, WebDav's, Admin's); a bad value is recorded and <paramref name="fallback"/> taken.</summary>
    internal static int OptionalPort(ConfigurationProblems p, IConfiguration section, string key, int fallback)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
        {
            return port;
        }

        p.Add(KeyPath(section, key), $"{KeyPath(section, key)} must be a port from 1 to 65535, or 0 for none, not '{text}'.");
        return fallback;
    }

    /// <summary>A list of IP addresses (Ftp:Listen, Admin:Listen): blank entries skipped, each bad one recorded at its own key and left out.</summary>
    internal static IReadOnlyList<IPAddress> Addresses(ConfigurationProblems p, IConfigurationSection list)
    {
        var addresses = new List<IPAddress>();
        foreach (var entry in list.GetChildren())
        {
            if (string.IsNullOrWhiteSpace(entry.Value))
            {
                continue;
            }

            if (IPAddress.TryParse(entry.Value, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                p.Add(entry.Path, $"{list.Path}: '{entry.Value}' is not an IP address.");
            }
        }

        return addresses;
    }

    private static TimeSpan Seconds(ConfigurationProblems p, IConfiguration section, string key, int fallback) =>
        TimeSpan.FromSeconds(Int(p, section, key, fallback, 1, 86_400));

    private static bool Bool(ConfigurationProblems p, IConfiguration section, string key, bool fallback)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        p.Add(KeyPath(section, key), $"{KeyPath(section, key)} must be true or false, not '{text}'.");
        return fallback;
    }

    private static T Enum<T>(ConfigurationProblems p, IConfiguration section, string key, T fallback)
        where T : struct, Enum
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        // A number would pick an enum member by its position: "Logging:Level": 2 is refused, not guessed.
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        p.Add(KeyPath(section, key), $"{KeyPath(section, key)} must be one of {string.Join(", ", System.Enum.GetNames<T>())}, not '{text}'.");
        return fallback;
    }

    private static string KeyPath(IConfiguration section, string key) =>
        section is IConfigurationSection s ? $"{s.Path}:{key}" : key;
}
