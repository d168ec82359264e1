using System.Collections.Immutable;
using System.Net;
using System.Text;
using Ferry.Accounts;
using Ferry.Accounts.Sql;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Microsoft.Extensions.Configuration;

namespace Ferry.Tests;

public sealed class AccountSettingsInputTests
{
    private static readonly AccountLimits Limits = new(new QuotaLimits(10_000_000_000, 50), new BandwidthLimits(2 * 1024 * 1024, null));

    private static readonly AccountPolicy Policy = new()
    {
        Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8")] },
        MaxSessions = 2,
        Overwrite = false,
        DeniedCommands = ["SITE"],
        Tls = new TlsPolicy(ControlChannelPolicy.Require, DataChannelPolicy.Allow),
    };

    [Fact]
    public void Every_option_is_read_as_its_key_in_ferry_json()
    {
        var input = new AccountSettingsInput(
            QuotaBytes: "10GB", QuotaFiles: "50", UploadRate: "2MiB", AllowFrom: ["10.0.0.0/8"], MaxSessions: "2",
            Overwrite: false, DenyCommands: ["site"], TlsControl: "SslRequire");

        var (limits, policy, mounts) = input.Apply(AccountLimits.None, AccountPolicy.Default, [], tlsOffered: true);

        Assert.Equal((Limits, Policy), (limits, policy));
        Assert.Empty(mounts);
    }

    [Fact]
    public void Options_not_given_keep_their_value_none_clears_and_a_list_is_replaced()
    {
        var input = new AccountSettingsInput(QuotaBytes: "none", AllowFrom: ["192.168.0.0/16", "::1"], DenyCommands: ["none"], Overwrite: true);

        var (limits, policy, _) = input.Apply(Limits, Policy, [], tlsOffered: true);

        Assert.Equal(Limits with { Quota = new QuotaLimits(null, 50) }, limits);
        Assert.Equal(
            Policy with
            {
                Addresses = new AddressRules { Allow = [IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("::1/128")] },
                Overwrite = true,
                DeniedCommands = [],
            },
            policy);
    }

    [Fact]
    public void Clearing_everything_gives_the_shared_defaults()
    {
        var input = new AccountSettingsInput(
            QuotaBytes: "none", QuotaFiles: "NONE", UploadRate: "none", AllowFrom: ["none"], MaxSessions: "none",
            Overwrite: true, DenyCommands: ["none"], TlsControl: "Allow", Mounts: ["none"]);

        var (limits, policy, mounts) = input.Apply(Limits, Policy, [new FolderMount(VfsPath.Parse("/reports"), "/srv/reports")], tlsOffered: true);

        Assert.Same(AccountLimits.None, limits);
        Assert.Same(AccountPolicy.Default, policy);
        Assert.Empty(mounts);
        Assert.Equal("{}", AccountSettingsJson.Write(limits, policy, mounts));
    }

    [Theory]
    [InlineData("--quota-bytes")]
    [InlineData("--download-rate")]
    [InlineData("--deny-from")]
    [InlineData("--tls-data")]
    public void A_bad_value_is_a_usage_error_naming_the_option(string option)
    {
        var input = option switch
        {
            "--quota-bytes" => new AccountSettingsInput(QuotaBytes: "10G"),
            "--download-rate" => new AccountSettingsInput(DownloadRate: "1000"),
            "--deny-from" => new AccountSettingsInput(DenyFrom: ["10.0.0.0/8", "nowhere"]),
            _ => new AccountSettingsInput(TlsData: "RequireCredentialsOnly"),
        };

        var error = Assert.Throws<UsageException>(() => input.Apply(AccountLimits.None, AccountPolicy.Default, [], tlsOffered: true));
        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Account:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demanding_tls_of_a_server_without_it_is_refused()
    {
        var error = Assert.Throws<UsageException>(() =>
            new AccountSettingsInput(TlsControl: "Require").Apply(AccountLimits.None, AccountPolicy.Default, [], tlsOffered: false));
        Assert.StartsWith("--tls-control", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mount_is_path_equals_folder_and_a_given_list_replaces_the_stored_one()
    {
        var folder = Directory.CreateTempSubdirectory("ferry-mount-").FullName;
        try
        {
            ImmutableArray<FolderMount> stored = [new FolderMount(VfsPath.Parse("/old"), "/srv/old")];

            var (_, _, mounts) = new AccountSettingsInput(Mounts: [$"/reports/2026={folder}", $"scans={folder}"]).Apply(Limits, Policy, stored, tlsOffered: true);
            var (_, _, kept) = new AccountSettingsInput(QuotaBytes: "none").Apply(Limits, Policy, stored, tlsOffered: true);

            Assert.Equal<FolderMount>([new FolderMount(VfsPath.Parse("/reports/2026"), folder), new FolderMount(VfsPath.Parse("/scans"), folder)], mounts);
            Assert.Equal<FolderMount>(stored, kept);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Theory]
    [InlineData("/reports")]
    [InlineData("=/srv/reports")]
    [InlineData("/reports=")]
    [InlineData("/reports=relative/folder")]
    [InlineData("/=/tmp")]
    [InlineData("/../up=/tmp")]
    [InlineData("/reports=/no/such/folder/anywhere")]
    public void A_bad_mount_is_a_usage_error_naming_the_option(string value)
    {
        var error = Assert.Throws<UsageException>(() => new AccountSettingsInput(Mounts: [value]).Apply(AccountLimits.None, AccountPolicy.Default, [], tlsOffered: true));

        Assert.StartsWith("--mount", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Account:", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The stored form is an account's keys in ferry.json: the file's readers give back the same records.</summary>
    [Fact]
    public void The_stored_json_reads_back_through_the_configuration_files_readers()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(AccountSettingsJson.Write(Limits, Policy)));
        var keys = new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .Select(pair => ("Accounts:0:" + pair.Key, pair.Value!));
        var account = Configs.From([.. keys]).GetSection("Accounts:0");
        var p = new ConfigurationProblems();

        Assert.Equal(Limits, AccountLimitsSettings.Read(account, p));
        Assert.Equal(Policy, ConfiguredAccountPolicy.Read(account, p));
        Assert.False(p.Any, string.Join("; ", p.All.Select(problem => problem.Message)));
    }
}
