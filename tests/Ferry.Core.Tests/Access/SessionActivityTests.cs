using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access;

/// <summary>What a session shows the administrator (command, transfer progress) and what it counts in the metrics.</summary>
public sealed class SessionActivityTests : IDisposable
{
    private readonly FakeClock _clock = new();
    private readonly FerryMetrics _metrics = new();
    private readonly MetricRecorder _recorder;
    private readonly SessionRegistry _registry;

    public SessionActivityTests()
    {
        _recorder = new MetricRecorder(_metrics.Meter);
        _registry = new SessionRegistry(SessionLimits.None, _clock, _metrics);
    }

    private SessionEntry Open(string protocol = "ftp")
    {
        Assert.True(_registry.TryOpen(protocol, IPAddress.Parse("::ffff:192.0.2.1"), out var session, out _));
        return session;
    }

    [Fact]
    public void A_new_session_shows_no_user_command_or_transfer()
    {
        using var session = Open();

        var snapshot = session.Snapshot();

        Assert.Equal(session.Id, snapshot.Id);
        Assert.Equal("ftp", snapshot.Protocol);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), snapshot.ClientAddress);
        Assert.Equal(_clock.GetUtcNow(), snapshot.ConnectedAt);
        Assert.Null(snapshot.User);
        Assert.Null(snapshot.Command);
        Assert.Null(snapshot.Transfer);
    }

    [Fact]
    public void The_snapshot_shows_the_account_and_the_last_command()
    {
        using var session = Open();
        var account = new Account("alice", "hash", "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty);
        Assert.True(_registry.TrySignIn(session, account, out _));
        session.Command = "LIST /";

        var snapshot = session.Snapshot();

        Assert.Equal("alice", snapshot.User);
        Assert.Equal("LIST /", snapshot.Command);
    }

    [Fact]
    public void A_running_transfer_shows_its_path_direction_bytes_and_rate()
    {
        using var session = Open();
        var transfer = session.BeginTransfer("/big.iso", TransferDirection.Download);
        transfer.Add(1000);
        _clock.Advance(TimeSpan.FromSeconds(2));
        transfer.Add(3000);

        var shown = session.Snapshot().Transfer;

        Assert.NotNull(shown);
        Assert.Equal("/big.iso", shown.Path);
        Assert.Equal(TransferDirection.Download, shown.Direction);
        Assert.Equal(4000, shown.Bytes);
        Assert.Equal(2000, shown.Rate);
        Assert.Equal(4000, _recorder.Sum("ferry.bytes_sent", ("protocol", "ftp")));
        Assert.Equal(0, _recorder.Sum("ferry.bytes_received"));
    }

    [Fact]
    public void Ending_a_transfer_clears_it_and_counts_it_once()
    {
        using var session = Open("webdav");
        var transfer = session.BeginTransfer("/up.bin", TransferDirection.Upload);
        transfer.Add(10);
        _clock.Advance(TimeSpan.FromSeconds(3));

        transfer.End(TransferResult.Ok);
        transfer.End(TransferResult.Failed);

        Assert.Null(session.Snapshot().Transfer);
        Assert.Equal(1, _recorder.Count("ferry.transfers", ("protocol", "webdav"), ("direction", "upload"), ("result", "ok")));
        Assert.Equal(0, _recorder.Count("ferry.transfers", ("result", "failed")));
        Assert.Equal(3, _recorder.Last("ferry.transfer_duration", ("protocol", "webdav")));
        Assert.Equal(10, _recorder.Sum("ferry.bytes_received", ("protocol", "webdav")));
    }

    [Fact]
    public void An_old_transfer_ending_late_does_not_clear_the_new_one()
    {
        using var session = Open();
        var first = session.BeginTransfer("/a", TransferDirection.Download);
        var second = session.BeginTransfer("/b", TransferDirection.Download);

        first.End(TransferResult.Aborted);

        Assert.Same(second, session.Transfer);
    }

    [Fact]
    public async Task A_kick_reaches_the_protocol_with_the_reason()
    {
        using var session = Open();
        string? told = null;
        session.OnCloseRequested(reason =>
        {
            told = reason;
            return Task.CompletedTask;
        });

        await session.CloseAsync("Disconnected by the server's administrator.");

        Assert.Equal("Disconnected by the server's administrator.", told);
    }

    [Fact]
    public void Sessions_are_counted_by_protocol()
    {
        using var ftp1 = Open("ftp");
        using var ftp2 = Open("ftp");
        using var dav = Open("webdav");

        var counts = _registry.CountByProtocol();

        Assert.Equal(2, counts["ftp"]);
        Assert.Equal(1, counts["webdav"]);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
    }
}
