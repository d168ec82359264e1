using System.Net;
using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Ftp;
using Ferry.Storage.Local;
using Microsoft.Extensions.Logging;

namespace Ferry.Tests;

public sealed class FerrySettingsTests
{
    private const UnixFileMode Mode0644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Mode0755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public void Empty_configuration_gives_the_documented_defaults()
    {
        var settings = FerrySettings.Load(Configs.From());

        var data = Path.GetFullPath("ferry-data");
        Assert.Equal(data, settings.DataDirectory);
        Assert.True(Path.IsPathFullyQualified(settings.DataDirectory));
        Assert.Equal(Path.Combine(data, "files"), settings.Root);
        Assert.Equal(2121, settings.FtpPort);
        Assert.Empty(settings.ListenAddresses);
        Assert.Equal(20000, settings.Ftp.PassivePortLow);
        Assert.Equal(21999, settings.Ftp.PassivePortHigh);
        Assert.Null(settings.Ftp.PublicAddress);
        Assert.Equal(20, settings.Ftp.ActiveSourcePort);
        Assert.Equal(ListStyle.Unix, settings.Ftp.ListStyle);
        Assert.Equal((null, null, null), (settings.Ftp.Greeting, settings.Ftp.ExitMessage, settings.Ftp.MaxClientsMessage));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Ftp.LoginTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.Ftp.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Ftp.DataConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Ftp.DataStallTimeout);
        Assert.False(settings.Ftp.AllowActiveToOtherHosts);
        Assert.False(settings.Ftp.AllowActiveToPrivilegedPorts);
        Assert.Equal(Mode0644, settings.Storage.FileMode);
        Assert.Equal(Mode0755, settings.Storage.DirectoryMode);
        Assert.True(settings.Storage.FlushOnCommit);
        Assert.Equal(new ConnectionLimits(10_000, 200), settings.Limits);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ShutdownGrace);
        Assert.Equal(new PasswordHashOptions().Iterations, settings.Hashing.Iterations);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Login.FailureDelay);
        Assert.Null(settings.Login.AnonymousHome);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Login.LogonCacheLifetime);
        Assert.Empty(settings.Accounts);
        Assert.Equal(LogLevel.Information, settings.LogLevel);
    }

    [Fact]
    public void Data_directory_moves_the_default_root_with_it()
    {
        var settings = FerrySettings.Load(Configs.From(("DataDirectory", "/srv/ferry")));

        Assert.Equal("/srv/ferry", settings.DataDirectory);
        Assert.Equal("/srv/ferry/files", settings.Root);
    }

    [Fact]
    public void Relative_paths_become_full_paths()
    {
        var settings = FerrySettings.Load(Configs.From(("DataDirectory", "d"), ("Storage:Root", "r"), ("Security:AnonymousHome", "pub")));

        Assert.Equal(Path.GetFullPath("d"), settings.DataDirectory);
        Assert.Equal(Path.GetFullPath("r"), settings.Root);
        Assert.Equal(Path.GetFullPath("pub"), settings.Login.AnonymousHome);
    }

    [Fact]
    public void Anonymous_logon_answers_to_ftp_s_two_traditional_names()
    {
        var settings = FerrySettings.Load(Configs.From(("Security:AnonymousHome", "pub")));

        Assert.Equal(new[] { "anonymous", "ftp" }, settings.Login.AnonymousNames.ToArray());
    }

    [Fact]
    public void Storage_root_overrides_the_default()
    {
        var settings = FerrySettings.Load(Configs.From(("DataDirectory", "/srv/ferry"), ("Storage:Root", "/srv/share")));

        Assert.Equal("/srv/share", settings.Root);
    }

    [Fact]
    public void Ftp_values_override_the_defaults()
    {
        var settings = FerrySettings.Load(Configs.From(
            ("Ftp:Port", "2200"),
            ("Ftp:PassivePorts", " 30000 - 30010 "),
            ("Ftp:PublicAddress", "203.0.113.7"),
            ("Ftp:Banner", "Hello."),
            ("Ftp:Greeting", "Welcome %UserName%"),
            ("Ftp:ExitMessage", "See you"),
            ("Ftp:MaxClientsMessage", "Full"),
            ("Ftp:ActiveSourcePort", "0"),
            ("Ftp:LoginTimeoutSeconds", "5"),
            ("Ftp:IdleTimeoutSeconds", "6"),
            ("Ftp:DataConnectTimeoutSeconds", "7"),
            ("Ftp:DataStallTimeoutSeconds", "8"),
            ("Ftp:ListStyle", "msdos"),
            ("Ftp:AllowActiveToOtherHosts", "true"),
            ("Ftp:AllowActiveToPrivilegedPorts", "True"),
            ("Ftp:MaxConnections", "50"),
            ("Ftp:MaxConnectionsPerAddress", "5")));

        Assert.Equal(2200, settings.FtpPort);
        Assert.Equal(30000, settings.Ftp.PassivePortLow);
        Assert.Equal(30010, settings.Ftp.PassivePortHigh);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), settings.Ftp.PublicAddress);
        Assert.Equal("Hello.", settings.Ftp.Banner);
        Assert.Equal(("Welcome %UserName%", "See you", "Full"), (settings.Ftp.Greeting, settings.Ftp.ExitMessage, settings.Ftp.MaxClientsMessage));
        Assert.Equal(0, settings.Ftp.ActiveSourcePort);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Ftp.LoginTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), settings.Ftp.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Ftp.DataConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(8), settings.Ftp.DataStallTimeout);
        Assert.Equal(ListStyle.MsDos, settings.Ftp.ListStyle);
        Assert.True(settings.Ftp.AllowActiveToOtherHosts);
        Assert.True(settings.Ftp.AllowActiveToPrivilegedPorts);
        Assert.Equal(new ConnectionLimits(50, 5), settings.Limits);
    }

    [Fact]
    public void Listen_addresses_are_read_in_order_and_blanks_skipped()
    {
        var settings = FerrySettings.Load(Configs.From(("Ftp:Listen:0", "127.0.0.1"), ("Ftp:Listen:1", " "), ("Ftp:Listen:2", "::1")));

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], settings.ListenAddresses);
    }

    [Fact]
    public void An_account_whose_name_is_a_path_stops_the_load_naming_the_key()
    {
        // The review's case: with no Home, a name of "../y" used to create <root>/../y.
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(
            ("Accounts:0:Name", "../y"),
            ("Accounts:0:PasswordHash", "$h"))));

        Assert.Contains("Accounts:0:Name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_public_address_means_none()
    {
        var settings = FerrySettings.Load(Configs.From(("Ftp:PublicAddress", "")));

        Assert.Null(settings.Ftp.PublicAddress);
    }

    [Fact]
    public void Security_values_override_the_defaults()
    {
        var settings = FerrySettings.Load(Configs.From(
            ("Security:MaxConcurrentHashes", "3"),
            ("Security:FailureDelayMilliseconds", "0"),
            ("Security:PasswordHashIterations", "1000"),
            ("Security:LogonCacheSeconds", "30")));

        Assert.Equal(3, settings.Login.MaxConcurrentHashes);
        Assert.Equal(TimeSpan.Zero, settings.Login.FailureDelay);
        Assert.Equal(1000, settings.Hashing.Iterations);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Login.LogonCacheLifetime);
    }

    [Fact]
    public void Logon_cache_seconds_of_zero_turns_the_cache_off()
    {
        var settings = FerrySettings.Load(Configs.From(("Security:LogonCacheSeconds", "0")));

        Assert.Equal(TimeSpan.Zero, settings.Login.LogonCacheLifetime);
    }

    [Fact]
    public void Umask_077_leaves_owner_only_modes()
    {
        var settings = FerrySettings.Load(Configs.From(("Storage:Umask", "077"), ("Storage:FlushOnCommit", "false")));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, settings.Storage.FileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, settings.Storage.DirectoryMode);
        Assert.False(settings.Storage.FlushOnCommit);
    }

    [Fact]
    public void Umask_0_leaves_everything_the_file_kind_allows()
    {
        var settings = FerrySettings.Load(Configs.From(("Storage:Umask", "0")));

        Assert.Equal((UnixFileMode)0b110_110_110, settings.Storage.FileMode);
        Assert.Equal((UnixFileMode)0b111_111_111, settings.Storage.DirectoryMode);
    }

    [Fact]
    public void Storage_jail_is_the_kernels_on_linux_unless_Portable_is_asked_for()
    {
        Assert.Equal(LocalJail.Kernel, FerrySettings.Load(Configs.From()).Storage.Jail);
        Assert.Equal(LocalJail.Portable, FerrySettings.Load(Configs.From(("Storage:Jail", "portable"))).Storage.Jail);
        Assert.Equal(LocalJail.Kernel, FerrySettings.Load(Configs.From(("Storage:Jail", "Kernel"))).Storage.Jail);
    }

    [Fact]
    public void Socket_thread_work_is_on_by_default_on_linux_only_and_can_be_turned_off()
    {
        Assert.Equal(OperatingSystem.IsLinux(), FerrySettings.Load(Configs.From()).RunOnSocketThreads);
        Assert.False(FerrySettings.Load(Configs.From(("Performance:RunOnSocketThreads", "false"))).RunOnSocketThreads);
        Assert.True(FerrySettings.Load(Configs.From(("Performance:RunOnSocketThreads", "true"))).RunOnSocketThreads);
    }

    [Fact]
    public void Socket_threads_are_chosen_from_the_cpus_unless_a_count_is_set()
    {
        Assert.Equal(0, FerrySettings.Load(Configs.From()).SocketThreadCount);
        Assert.Equal(3, FerrySettings.Load(Configs.From(("Performance:SocketThreads", "3"))).SocketThreadCount);
    }

    [Fact]
    public void Copies_to_local_clients_are_on_by_default_on_linux_only_for_ftp_and_webdav_alike_and_can_be_turned_off()
    {
        var defaults = FerrySettings.Load(Configs.From());
        Assert.Equal(OperatingSystem.IsLinux(), defaults.Ftp.CopyToLocalClients);
        Assert.Equal(OperatingSystem.IsLinux(), defaults.WebDav.Options.CopyToLocalClients);

        var off = FerrySettings.Load(Configs.From(("Performance:CopyToLocalClients", "false")));
        Assert.False(off.Ftp.CopyToLocalClients);
        Assert.False(off.WebDav.Options.CopyToLocalClients);

        var on = FerrySettings.Load(Configs.From(("Performance:CopyToLocalClients", "true")));
        Assert.True(on.Ftp.CopyToLocalClients);
        Assert.True(on.WebDav.Options.CopyToLocalClients);
    }

    [Fact]
    public void Shutdown_grace_and_log_level_override_the_defaults()
    {
        var settings = FerrySettings.Load(Configs.From(("Shutdown:GraceSeconds", "0"), ("Logging:Level", "debug")));

        Assert.Equal(TimeSpan.Zero, settings.ShutdownGrace);
        Assert.Equal(LogLevel.Debug, settings.LogLevel);
    }

    [Fact]
    public void Accounts_section_is_loaded()
    {
        var settings = FerrySettings.Load(Configs.From(("Accounts:0:Name", "alice"), ("Accounts:0:PasswordHash", "$hash")));

        var account = Assert.Single(settings.Accounts);
        Assert.Equal("alice", account.Name);
    }

    [Theory]
    [InlineData("Ftp:Port", "70000")]
    [InlineData("Ftp:Port", "0")]
    [InlineData("Ftp:Port", "abc")]
    [InlineData("Ftp:PassivePorts", "21999-20000")]
    [InlineData("Ftp:PassivePorts", "80-90")]
    [InlineData("Ftp:PassivePorts", "20000")]
    [InlineData("Ftp:PassivePorts", "20000-70000")]
    [InlineData("Ftp:PassivePorts", "-20000-21000")]
    [InlineData("Storage:Umask", "999")]
    [InlineData("Storage:Umask", "1000")]
    [InlineData("Storage:Umask", "")]
    [InlineData("Storage:Umask", "-22")]
    [InlineData("Storage:Umask", "777777777777")]
    [InlineData("Storage:FlushOnCommit", "yes")]
    [InlineData("Storage:Jail", "Chroot")]
    [InlineData("Storage:Jail", "1")]
    [InlineData("Ftp:PublicAddress", "not-an-ip")]
    [InlineData("Ftp:ListStyle", "Fancy")]
    [InlineData("Ftp:ListStyle", "7")]
    [InlineData("Ftp:Listen", "bogus")]
    [InlineData("Ftp:IdleTimeoutSeconds", "0")]
    [InlineData("Ftp:ActiveSourcePort", "65536")]
    [InlineData("Ftp:MaxConnections", "0")]
    [InlineData("Ftp:AllowActiveToOtherHosts", "1")]
    [InlineData("Security:PasswordHashIterations", "999")]
    [InlineData("Security:FailureDelayMilliseconds", "-1")]
    [InlineData("Security:LogonCacheSeconds", "-1")]
    [InlineData("Security:LogonCacheSeconds", "86401")]
    [InlineData("Security:LogonCacheSeconds", "ten")]
    [InlineData("Shutdown:GraceSeconds", "3601")]
    [InlineData("Performance:RunOnSocketThreads", "sometimes")]
    [InlineData("Performance:CopyToLocalClients", "maybe")]
    [InlineData("Performance:SocketThreads", "-1")]
    [InlineData("Performance:SocketThreads", "1025")]
    [InlineData("Performance:SocketThreads", "many")]
    [InlineData("Logging:Level", "Loud")]
    public void Bad_value_throws_naming_the_key(string key, string value)
    {
        var configKey = key == "Ftp:Listen" ? "Ftp:Listen:0" : key;

        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From((configKey, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20000-21999", 20000, 21999)]
    [InlineData("1024-1024", 1024, 1024)]
    [InlineData("65535-65535", 65535, 65535)]
    public void ParseRange_accepts_unprivileged_ranges(string text, int low, int high)
    {
        Assert.Equal((low, high), FerrySettings.ParseRange(text, "key"));
    }
}
