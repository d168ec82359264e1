using System.Net;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Serving;

namespace Ferry.Tests;

/// <summary>The ban list, the fair hash queue and FTP's per-connection logon limit, as configuration sets them.</summary>
public sealed class LogonSettingsTests
{
    [Fact]
    public void Empty_configuration_gives_the_documented_defaults()
    {
        var settings = FerrySettings.Load(Configs.From());

        Assert.Equal(10, settings.Bans.MaxFailuresPerAddress);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Bans.FailureWindow);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Bans.BanDuration);
        Assert.Equal(10_000, settings.Bans.MaxTrackedAddresses);
        Assert.Empty(settings.Bans.NeverBanned);
        Assert.Equal(4, settings.Login.MaxPendingHashesPerAddress);
        Assert.Equal(3, settings.Ftp.MaxLogonFailures);
    }

    [Fact]
    public void Ban_values_and_the_never_banned_list_override_the_defaults()
    {
        var settings = FerrySettings.Load(Configs.From(
            ("Bans:MaxFailures", "5"),
            ("Bans:WindowSeconds", "60"),
            ("Bans:BanSeconds", "3600"),
            ("Bans:MaxTrackedAddresses", "100"),
            ("Bans:NeverBan:0", "10.0.0.0/8"),
            ("Bans:NeverBan:1", " 192.0.2.7 "),
            ("Bans:NeverBan:2", "2001:db8::/32"),
            ("Bans:NeverBan:3", "::ffff:198.51.100.9"),
            ("Security:MaxPendingHashesPerAddress", "2"),
            ("Ftp:MaxLoginFailures", "5")));

        Assert.Equal(5, settings.Bans.MaxFailuresPerAddress);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Bans.FailureWindow);
        Assert.Equal(TimeSpan.FromHours(1), settings.Bans.BanDuration);
        Assert.Equal(100, settings.Bans.MaxTrackedAddresses);
        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "198.51.100.9/32"], settings.Bans.NeverBanned.Select(network => network.ToString()));
        Assert.Equal(2, settings.Login.MaxPendingHashesPerAddress);
        Assert.Equal(5, settings.Ftp.MaxLogonFailures);
    }

    [Fact]
    public void A_ban_length_of_zero_means_only_the_window()
    {
        Assert.Equal(TimeSpan.Zero, FerrySettings.Load(Configs.From(("Bans:BanSeconds", "0"))).Bans.BanDuration);
    }

    [Theory]
    [InlineData("Bans:MaxFailures", "0")]
    [InlineData("Bans:WindowSeconds", "0")]
    [InlineData("Bans:BanSeconds", "-1")]
    [InlineData("Bans:MaxTrackedAddresses", "many")]
    [InlineData("Security:MaxPendingHashesPerAddress", "0")]
    [InlineData("Ftp:MaxLoginFailures", "0")]
    public void An_impossible_number_stops_the_load_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("office")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%2")]
    public void A_never_banned_entry_that_is_no_address_or_network_stops_the_load_naming_the_key(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(("Bans:NeverBan:0", value))));

        Assert.Contains("Bans:NeverBan:0", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_with_host_bits_set_is_refused_with_the_network_it_probably_means()
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(("Bans:NeverBan:0", "10.1.2.3/8"))));

        Assert.Contains("Bans:NeverBan:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shared_ban_list_is_built_from_the_configured_rules()
    {
        var settings = FerrySettings.Load(Configs.From(("Bans:MaxFailures", "1"), ("Bans:NeverBan:0", "192.0.2.0/24")));
        var shared = SharedAccess.Create(
            settings, new InMemoryAccountStore(), new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1000 }), _ => throw new IOException("no storage here"), _ => new LockSite("root", VfsPath.Root), TimeProvider.System);

        Assert.Same(settings.Bans, shared.Bans.Options);
        shared.Bans.RecordFailure(IPAddress.Parse("192.0.2.1"));
        shared.Bans.RecordFailure(IPAddress.Parse("198.51.100.1"));
        Assert.False(shared.Bans.IsBanned(IPAddress.Parse("192.0.2.1")));
        Assert.True(shared.Bans.IsBanned(IPAddress.Parse("198.51.100.1")));
    }
}
