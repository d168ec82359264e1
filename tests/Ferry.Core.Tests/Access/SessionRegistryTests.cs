using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Tests.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access;

public sealed class SessionRegistryTests
{
    private static readonly IPAddress First = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Second = IPAddress.Parse("192.0.2.2");

    private readonly FakeClock _time = new();

    private SessionRegistry Registry(int total = 100, int perAddress = 100, int perAccount = int.MaxValue) =>
        new(new SessionLimits(total, perAddress, perAccount), _time);

    private static Account Alice(string name = "alice") =>
        new(name, "", "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty);

    private static SessionEntry Open(SessionRegistry registry, IPAddress? address = null, string protocol = "ftp")
    {
        Assert.True(registry.TryOpen(protocol, address ?? First, out var session, out var refusal), $"refused: {refusal}");
        return session;
    }

    [Fact]
    public void An_admitted_session_carries_its_protocol_address_time_and_a_fresh_id()
    {
        var registry = Registry();

        using var a = Open(registry, IPAddress.Parse("::ffff:192.0.2.1"), "ftp");
        using var b = Open(registry, Second, "webdav");

        Assert.Equal("ftp", a.Protocol);
        Assert.Equal(First, a.ClientAddress);
        Assert.Equal(_time.GetUtcNow(), a.ConnectedAt);
        Assert.Null(a.Account);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Same(b, registry.Find(b.Id));
        Assert.Equal([a, b], registry.Snapshot());
    }

    [Fact]
    public void New_limits_count_from_the_next_session_and_leave_open_ones_alone()
    {
        var registry = Registry(perAddress: 3);
        using var a = Open(registry, First);
        using var b = Open(registry, First);

        registry.Limits = registry.Limits with { MaxSessionsPerAddress = 1 };

        Assert.False(registry.TryOpen("ftp", First, out _, out var refusal));
        Assert.Equal(new SessionRefusal(SessionLimit.PerAddress, 1), refusal);
        Assert.Equal(2, registry.CountFor(First));
        using var other = Open(registry, Second);
    }

    [Fact]
    public void Limits_below_one_are_refused()
    {
        var registry = Registry();

        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Limits = registry.Limits with { MaxSessions = 0 });
    }

    [Fact]
    public void The_total_limit_refuses_the_next_session_and_names_itself()
    {
        var registry = Registry(total: 2);
        using var a = Open(registry, First);
        using var b = Open(registry, Second);

        Assert.False(registry.TryOpen("ftp", IPAddress.Parse("192.0.2.3"), out var refused, out var refusal));

        Assert.Null(refused);
        Assert.Equal(new SessionRefusal(SessionLimit.Total, 2), refusal);
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void The_per_address_limit_counts_mapped_and_plain_ipv4_as_one_address()
    {
        var registry = Registry(perAddress: 2);
        using var a = Open(registry, First);
        using var b = Open(registry, First.MapToIPv6());

        Assert.False(registry.TryOpen("webdav", First, out _, out var refusal));
        Assert.Equal(new SessionRefusal(SessionLimit.PerAddress, 2), refusal);
        Assert.Equal(2, registry.CountFor(First.MapToIPv6()));
        using var other = Open(registry, Second);
    }

    [Fact]
    public void Disposing_gives_the_slot_back_once_even_when_disposed_twice()
    {
        var registry = Registry(total: 1);
        var a = Open(registry);

        a.Dispose();
        a.Dispose();

        Assert.Equal(0, registry.Count);
        Assert.Equal(0, registry.CountFor(First));
        Assert.Null(registry.Find(a.Id));
        using var b = Open(registry);
        Assert.False(registry.TryOpen("ftp", Second, out _, out _));
    }

    [Fact]
    public void Signing_in_counts_per_account_case_insensitively_and_refuses_beyond_the_limit()
    {
        var registry = Registry(perAccount: 1);
        using var a = Open(registry);
        using var b = Open(registry, Second);

        Assert.True(registry.TrySignIn(a, Alice("alice"), out _));
        Assert.False(registry.TrySignIn(b, Alice("ALICE"), out var refusal));

        Assert.Equal(new SessionRefusal(SessionLimit.PerAccount, 1), refusal);
        Assert.Equal("alice", a.Account?.Name);
        Assert.Null(b.Account);
        Assert.Equal(1, registry.CountForAccount("Alice"));
    }

    [Fact]
    public void Signing_out_and_ending_the_session_give_the_account_slot_back()
    {
        var registry = Registry(perAccount: 1);
        using var a = Open(registry);
        var b = Open(registry, Second);

        Assert.True(registry.TrySignIn(a, Alice(), out _));
        registry.SignOut(a);
        Assert.Null(a.Account);
        Assert.True(registry.TrySignIn(b, Alice(), out _));
        b.Dispose();

        Assert.Equal(0, registry.CountForAccount("alice"));
        Assert.True(registry.TrySignIn(a, Alice(), out _));
    }

    [Fact]
    public void Signing_in_again_replaces_the_old_account_without_counting_twice()
    {
        var registry = Registry(perAccount: 1);
        using var a = Open(registry);

        Assert.True(registry.TrySignIn(a, Alice("alice"), out _));
        Assert.True(registry.TrySignIn(a, Alice("alice"), out _));
        Assert.True(registry.TrySignIn(a, Alice("bob"), out _));

        Assert.Equal(0, registry.CountForAccount("alice"));
        Assert.Equal(1, registry.CountForAccount("bob"));
    }

    [Fact]
    public void An_ended_session_cannot_sign_in()
    {
        var registry = Registry();
        var a = Open(registry);
        a.Dispose();

        Assert.Throws<InvalidOperationException>(() => registry.TrySignIn(a, Alice(), out _));
        Assert.Equal(0, registry.CountForAccount("alice"));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    public void Limits_below_one_are_refused_at_construction(int total, int perAddress, int perAccount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Registry(total, perAddress, perAccount));
    }

    /// <summary>
    /// Many threads race for the last slots: exactly the limit's number get in, never one more,
    /// whatever the interleaving (a check-then-count registry lets two through the same last slot).
    /// </summary>
    [Theory]
    [InlineData(SessionLimit.Total)]
    [InlineData(SessionLimit.PerAddress)]
    public void Concurrent_opens_never_pass_the_same_last_slot(SessionLimit which)
    {
        const int Limit = 10;
        const int Racers = 24;
        for (var round = 0; round < 5; round++)
        {
            var registry = which == SessionLimit.Total ? Registry(total: Limit) : Registry(perAddress: Limit);
            var admitted = new SessionEntry?[Racers];

            // Threads of their own, released together once all are ready: pool threads blocked on
            // a gate would wait for the pool to grow.
            using var ready = new CountdownEvent(Racers);
            using var go = new ManualResetEventSlim();
            var threads = Enumerable.Range(0, Racers).Select(i => new Thread(() =>
            {
                var address = which == SessionLimit.Total ? new IPAddress([192, 0, 2, (byte)i]) : First;
                ready.Signal();
                go.Wait();
                admitted[i] = registry.TryOpen("ftp", address, out var session, out _) ? session : null;
            })).ToList();
            threads.ForEach(thread => thread.Start());
            ready.Wait();
            go.Set();
            threads.ForEach(thread => thread.Join());

            Assert.Equal(Limit, admitted.Count(session => session is not null));
            Assert.Equal(Limit, registry.Count);
        }
    }

    [Fact]
    public async Task Concurrent_opens_sign_ins_and_disposals_leave_every_count_at_zero()
    {
        var registry = Registry(total: 8, perAddress: 4, perAccount: 2);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                if (registry.TryOpen("ftp", new IPAddress([192, 0, 2, (byte)(i % 3)]), out var session, out _))
                {
                    registry.TrySignIn(session, Alice(i % 2 == 0 ? "alice" : "bob"), out _);
                    Assert.True(registry.CountForAccount("alice") <= 2);
                    session.Dispose();
                }
            }
        })));

        Assert.Equal(0, registry.Count);
        Assert.Equal(0, registry.CountForAccount("alice"));
        Assert.Equal(0, registry.CountForAccount("bob"));
        Assert.Equal(0, registry.CountFor(new IPAddress([192, 0, 2, 0])));
    }
}
