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
public sealed record FerrySettings(
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
    public static FerrySettings Load(IConfiguration config)
    {
        var data = Path.GetFullPath(config["DataDirectory"] ?? "ferry-data");
        var root = Path.GetFullPath(config["Storage:Root"] ?? Path.Combine(data, "files"));
        var ftp = config.GetSection("Ftp");
        var (low, high) = ParseRange(ftp["PassivePorts"] ?? "20000-21999", "Ftp:PassivePorts");
        var publicAddress = ftp["PublicAddress"] is { Length: > 0 } text ? ParseAddress(text, "Ftp:PublicAddress") : null;
        var options = new FtpOptions
        {
            Banner = ftp["Banner"] ?? new FtpOptions().Banner,
            PassivePortLow = low,
            PassivePortHigh = high,
            PublicAddress = publicAddress,
            ActiveSourcePort = Int(ftp, "ActiveSourcePort", 20, 0, 65535),
            LoginTimeout = Seconds(ftp, "LoginTimeoutSeconds", 60),
            IdleTimeout = Seconds(ftp, "IdleTimeoutSeconds", 300),
            DataConnectTimeout = Seconds(ftp, "DataConnectTimeoutSeconds", 30),
            DataStallTimeout = Seconds(ftp, "DataStallTimeoutSeconds", 60),
            ListStyle = Enum<ListStyle>(ftp, "ListStyle", ListStyle.Unix),
            AllowActiveToOtherHosts = Bool(ftp, "AllowActiveToOtherHosts", false),
            AllowActiveToPrivilegedPorts = Bool(ftp, "AllowActiveToPrivilegedPorts", false),

            // Up to 100: more would let one connection guess on and on, which is what the limit stops.
            MaxLogonFailures = Int(ftp, "MaxLoginFailures", new FtpOptions().MaxLogonFailures, 1, 100),
        };

        var security = config.GetSection("Security");
        var anonymous = security["AnonymousHome"] is { Length: > 0 } anon ? Path.GetFullPath(anon) : null;
        var login = new LoginPolicyOptions
        {
            MaxConcurrentHashes = Int(security, "MaxConcurrentHashes", new LoginPolicyOptions().MaxConcurrentHashes, 1, 1024),
            MaxPendingHashesPerAddress = Int(security, "MaxPendingHashesPerAddress", new LoginPolicyOptions().MaxPendingHashesPerAddress, 1, 1000),
            FailureDelay = TimeSpan.FromMilliseconds(Int(security, "FailureDelayMilliseconds", 1000, 0, 60_000)),
            AnonymousHome = anonymous,

            // "ftp" is FTP's traditional second anonymous name (RFC 1635); every protocol accepts both.
            AnonymousNames = ["anonymous", "ftp"],

            // Up to a day: longer would keep a checkable digest in memory long after a device stopped.
            LogonCacheLifetime = TimeSpan.FromSeconds(Int(security, "LogonCacheSeconds", 600, 0, 86_400)),
        };
        var hashing = new PasswordHashOptions
        {
            Iterations = Int(security, "PasswordHashIterations", new PasswordHashOptions().Iterations, 1_000, 10_000_000),
        };

        var bans = LoadBans(config.GetSection("Bans"));

        var storage = config.GetSection("Storage");
        var umask = ParseUmask(storage["Umask"] ?? "022");
        var storageOptions = new LocalStorageOptions(
            FileMode: (UnixFileMode)(0b110_110_110 & ~umask),
            DirectoryMode: (UnixFileMode)(0b111_111_111 & ~umask),
            FlushOnCommit: Bool(storage, "FlushOnCommit", true));

        var listen = ftp.GetSection("Listen").GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => ParseAddress(v!, "Ftp:Listen")).ToArray();
        var limits = new ConnectionLimits(
            Int(ftp, "MaxConnections", 10_000, 1, 1_000_000),
            Int(ftp, "MaxConnectionsPerAddress", 200, 1, 1_000_000));

        var tls = TlsSettings.Load(config.GetSection("Tls"));
        return new FerrySettings(
            data,
            root,
            Int(ftp, "Port", 2121, 1, 65535),
            listen,
            options,
            login,
            hashing,
            bans,
            storageOptions,
            limits,
            TimeSpan.FromSeconds(Int(config.GetSection("Shutdown"), "GraceSeconds", 30, 0, 3600)),
            ConfiguredAccount.Load(config.GetSection("Accounts")),
            Enum(config.GetSection("Logging"), "Level", LogLevel.Information),
            tls,
            WebDavSettings.Load(config.GetSection("WebDav"), tls));
    }

    /// <summary>The ban list's rules; every bound says what a larger value would break.</summary>
    private static BanOptions LoadBans(IConfigurationSection section)
    {
        var defaults = new BanOptions();
        return new BanOptions
        {
            // Up to 1,000 in a window: beyond that the list no longer slows a guesser at all.
            MaxFailuresPerAddress = Int(section, "MaxFailures", defaults.MaxFailuresPerAddress, 1, 1000),
            FailureWindow = TimeSpan.FromSeconds(Int(section, "WindowSeconds", (int)defaults.FailureWindow.TotalSeconds, 1, 86_400)),

            // Up to a week; 0 = only until enough failures leave the window.
            BanDuration = TimeSpan.FromSeconds(Int(section, "BanSeconds", (int)defaults.BanDuration.TotalSeconds, 0, 604_800)),
            MaxTrackedAddresses = Int(section, "MaxTrackedAddresses", defaults.MaxTrackedAddresses, 1, 10_000_000),
            NeverBanned = [.. section.GetSection("NeverBan").GetChildren()
                .Where(child => !string.IsNullOrWhiteSpace(child.Value))
                .Select(child => ParseNetwork(child.Value!.Trim(), child.Path))],
        };
    }

    /// <summary>An address (one host) or a network in CIDR form, such as 192.0.2.7, 10.0.0.0/8 or 2001:db8::/32.</summary>
    public static IPNetwork ParseNetwork(string text, string key)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (IPAddress.TryParse(addressText, out var address) && !addressText.Contains('%', StringComparison.Ordinal))
        {
            // An IPv4-mapped address names the IPv4 host; clients' addresses are compared unmapped.
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            var prefix = bits;
            if (slash < 0 || (int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= bits))
            {
                var first = MaskTo(address, prefix);
                return first.Equals(address)
                    ? new IPNetwork(address, prefix)
                    : throw new ConfigurationException($"{key}: '{text}' has bits set after the first {prefix}; write the network's first address: {first}/{prefix}.");
            }
        }

        throw new ConfigurationException($"{key} must be an IP address or a network such as 10.0.0.0/8 or 2001:db8::/32, not '{text}'.");
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

        throw new ConfigurationException($"{key} must be a range LOW-HIGH of ports 1024-65535, not '{text}'.");
    }

    private static IPAddress ParseAddress(string text, string key) =>
        IPAddress.TryParse(text, out var address) ? address : throw new ConfigurationException($"{key}: '{text}' is not an IP address.");

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

        throw new ConfigurationException($"Storage:Umask must be an octal mask such as 022, not '{text}'.");
    }

    private static int Int(IConfiguration section, string key, int fallback, int min, int max)
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

        throw new ConfigurationException($"{KeyPath(section, key)} must be a whole number from {min} to {max}, not '{text}'.");
    }

    private static TimeSpan Seconds(IConfiguration section, string key, int fallback) =>
        TimeSpan.FromSeconds(Int(section, key, fallback, 1, 86_400));

    private static bool Bool(IConfiguration section, string key, bool fallback)
    {
        var text = section[key];
        return text is null ? fallback
            : bool.TryParse(text, out var value) ? value
            : throw new ConfigurationException($"{KeyPath(section, key)} must be true or false, not '{text}'.");
    }

    private static T Enum<T>(IConfiguration section, string key, T fallback)
        where T : struct, Enum
    {
        var text = section[key];
        return text is null ? fallback
            : System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value
            : throw new ConfigurationException($"{KeyPath(section, key)} must be one of {string.Join(", ", System.Enum.GetNames<T>())}, not '{text}'.");
    }

    private static string KeyPath(IConfiguration section, string key) =>
        section is IConfigurationSection s ? $"{s.Path}:{key}" : key;
}

/// <summary>A configuration value that cannot be used; the message names the key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
