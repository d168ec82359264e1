using System.Collections.Immutable;
using Ferry.Core.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Identity;

public sealed class VerifiedLogonCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly FakeClock _time = new();

    private static Account Alice(string hash = "$hash-1", bool enabled = true) =>
        new("alice", hash, "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty, enabled);

    private static Account Named(string name) =>
        new(name, "$hash", "/srv/" + name, Permissions.All, ImmutableArray<FolderPermission>.Empty);

    [Fact]
    public void A_remembered_password_is_verified_and_another_is_not()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time);
        cache.Remember(Alice(), cache.Digest("secret"));

        Assert.True(cache.IsVerified(Alice(), cache.Digest("secret")));
        Assert.False(cache.IsVerified(Alice(), cache.Digest("Secret")));
    }

    [Fact]
    public void A_wrong_password_does_not_evict_the_remembered_one()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time);
        cache.Remember(Alice(), cache.Digest("secret"));

        Assert.False(cache.IsVerified(Alice(), cache.Digest("guess")));

        Assert.True(cache.IsVerified(Alice(), cache.Digest("secret")));
    }

    [Fact]
    public void A_changed_stored_hash_is_not_verified_and_drops_the_entry()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time);
        cache.Remember(Alice("$hash-1"), cache.Digest("secret"));

        Assert.False(cache.IsVerified(Alice("$hash-2"), cache.Digest("secret")));
        Assert.Equal(0, cache.Count);
        Assert.False(cache.IsVerified(Alice("$hash-1"), cache.Digest("secret")));
    }

    [Fact]
    public void A_disabled_account_is_never_verified()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time);
        cache.Remember(Alice(), cache.Digest("secret"));

        Assert.False(cache.IsVerified(Alice(enabled: false), cache.Digest("secret")));
    }

    [Fact]
    public void An_entry_expires_when_the_lifetime_has_passed()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time);
        cache.Remember(Alice(), cache.Digest("secret"));

        _time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(cache.IsVerified(Alice(), cache.Digest("secret")));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.IsVerified(Alice(), cache.Digest("secret")));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_zero_lifetime_remembers_nothing()
    {
        var cache = new VerifiedLogonCache(TimeSpan.Zero, _time);
        cache.Remember(Alice(), cache.Digest("secret"));

        Assert.False(cache.Enabled);
        Assert.Equal(0, cache.Count);
        Assert.False(cache.IsVerified(Alice(), cache.Digest("secret")));
    }

    [Fact]
    public void Digests_are_keyed_per_instance_and_are_not_the_password()
    {
        var one = new VerifiedLogonCache(Lifetime, _time);
        var other = new VerifiedLogonCache(Lifetime, _time);

        var digest = one.Digest("secret");

        Assert.Equal(VerifiedLogonCache.DigestBytes, digest.Length);
        Assert.Equal(digest, one.Digest("secret"));
        Assert.NotEqual(digest, other.Digest("secret"));
        Assert.NotEqual(digest, System.Security.Cryptography.SHA256.HashData("secret"u8));
    }

    [Fact]
    public void When_full_the_oldest_entry_goes()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time, capacity: 3);
        var digest = cache.Digest("secret");
        foreach (var name in new[] { "a", "b", "c" })
        {
            cache.Remember(Named(name), digest);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        cache.Remember(Named("d"), digest);

        Assert.Equal(3, cache.Count);
        Assert.False(cache.IsVerified(Named("a"), digest));
        Assert.All(new[] { "b", "c", "d" }, name => Assert.True(cache.IsVerified(Named(name), digest)));
    }

    [Fact]
    public void When_full_expired_entries_go_before_live_ones()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time, capacity: 3);
        var digest = cache.Digest("secret");
        cache.Remember(Named("a"), digest);
        cache.Remember(Named("b"), digest);
        _time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        cache.Remember(Named("c"), digest);
        _time.Advance(TimeSpan.FromSeconds(1));

        cache.Remember(Named("d"), digest);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.IsVerified(Named("c"), digest));
        Assert.True(cache.IsVerified(Named("d"), digest));
    }

    [Fact]
    public void Remembering_an_account_again_replaces_its_entry_without_evicting_others()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time, capacity: 2);
        cache.Remember(Named("a"), cache.Digest("one"));
        cache.Remember(Named("b"), cache.Digest("one"));

        cache.Remember(Named("b"), cache.Digest("two"));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.IsVerified(Named("a"), cache.Digest("one")));
        Assert.True(cache.IsVerified(Named("b"), cache.Digest("two")));
        Assert.False(cache.IsVerified(Named("b"), cache.Digest("one")));
    }

    [Fact]
    public void The_default_capacity_holds_however_many_accounts_log_on()
    {
        var cache = new VerifiedLogonCache(Lifetime, _time);
        var digest = cache.Digest("secret");

        for (var i = 0; i < VerifiedLogonCache.MaxEntries + 100; i++)
        {
            cache.Remember(Named("device" + i), digest);
        }

        Assert.Equal(VerifiedLogonCache.MaxEntries, cache.Count);
    }
}
