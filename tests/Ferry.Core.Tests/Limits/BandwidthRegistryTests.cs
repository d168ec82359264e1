using System.Collections.Immutable;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Testing;

namespace Ferry.Core.Tests.Limits;

public class BandwidthRegistryTests
{
    private readonly FakeClock _clock = new();

    private static Account Named(string name, BandwidthLimits bandwidth) =>
        new(name, "not-a-real-hash", "/srv/" + name, Permissions.All, ImmutableArray<FolderPermission>.Empty)
        {
            Limits = AccountLimits.None with { Bandwidth = bandwidth },
        };

    [Fact]
    public void Nothing_limits_an_account_without_limits_on_a_server_without_limits()
    {
        var registry = new BandwidthRegistry(BandwidthLimits.None, _clock);
        Assert.Null(registry.For(Named("alice", BandwidthLimits.None), TransferDirection.Download));
    }

    [Fact]
    public void A_limit_one_way_does_not_limit_the_other()
    {
        var registry = new BandwidthRegistry(BandwidthLimits.None, _clock);
        var alice = Named("alice", new BandwidthLimits(10_000, null));
        Assert.NotNull(registry.For(alice, TransferDirection.Upload));
        Assert.Null(registry.For(alice, TransferDirection.Download));
    }

    [Fact]
    public void All_sessions_of_an_account_share_one_bucket()
    {
        var registry = new BandwidthRegistry(BandwidthLimits.None, _clock);
        var alice = Named("alice", new BandwidthLimits(null, 100_000));
        var first = registry.For(alice, TransferDirection.Download)!;
        var second = registry.For(alice with { Name = "ALICE" }, TransferDirection.Download)!;
        first.Take(10_000 + 100_000);
        Assert.Equal(TimeSpan.FromSeconds(1.5), second.Take(50_000));

        // Another account has its own.
        Assert.Equal(TimeSpan.Zero, registry.For(Named("bob", new BandwidthLimits(null, 100_000)), TransferDirection.Download)!.Take(10_000));
    }

    [Fact]
    public void A_sites_alice_has_her_own_bucket_but_shares_the_servers_limit_and_its_reloads()
    {
        var server = new BandwidthRegistry(new BandwidthLimits(null, 100_000_000), _clock);
        var site = server.ForOtherAccounts();
        var limited = new BandwidthLimits(null, 100_000);

        // The server's alice spends her bucket; the site's alice (another account) is not slowed by it.
        server.For(Named("alice", limited), TransferDirection.Download)!.Take(10_000 + 100_000);
        Assert.Equal(TimeSpan.Zero, site.For(Named("alice", limited), TransferDirection.Download)!.Take(10_000));

        // The server-wide bucket is one: what the site's account spent, the server's accounts wait for.
        site.For(Named("carol", BandwidthLimits.None), TransferDirection.Download)!.Take(200_000_000);
        Assert.True(server.For(Named("bob", BandwidthLimits.None), TransferDirection.Download)!.Take(0) > TimeSpan.Zero);

        server.Reconfigure(BandwidthLimits.None);
        Assert.Null(site.For(Named("carol", BandwidthLimits.None), TransferDirection.Download));
    }

    [Fact]
    public void The_server_limit_is_shared_by_every_account_and_a_reload_replaces_it()
    {
        var registry = new BandwidthRegistry(new BandwidthLimits(100_000, 100_000), _clock);
        registry.For(Named("alice", BandwidthLimits.None), TransferDirection.Upload)!.Take(10_000 + 100_000);
        Assert.Equal(TimeSpan.FromSeconds(1), registry.For(Named("bob", BandwidthLimits.None), TransferDirection.Upload)!.Take(0));

        registry.Reconfigure(BandwidthLimits.None);
        Assert.Null(registry.For(Named("bob", BandwidthLimits.None), TransferDirection.Upload));
    }

    [Fact]
    public void A_changed_account_limit_gets_a_new_bucket()
    {
        var registry = new BandwidthRegistry(BandwidthLimits.None, _clock);
        var slow = Named("alice", new BandwidthLimits(null, 100_000));
        registry.For(slow, TransferDirection.Download)!.Take(1_000_000);
        var fast = slow with { Limits = slow.Limits with { Bandwidth = new BandwidthLimits(null, 1_000_000) } };
        Assert.Equal(TimeSpan.Zero, registry.For(fast, TransferDirection.Download)!.Take(100_000));
    }
}
