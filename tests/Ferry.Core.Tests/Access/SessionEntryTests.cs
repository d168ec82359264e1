using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Access;

public sealed class SessionEntryTests
{
    private readonly SessionRegistry _registry = new(SessionLimits.None, TimeProvider.System);

    private SessionEntry Open()
    {
        Assert.True(_registry.TryOpen("ftp", IPAddress.Parse("192.0.2.1"), out var session, out _));
        return session;
    }

    [Fact]
    public async Task CloseAsync_hands_the_reason_to_the_protocol()
    {
        using var session = Open();
        var reasons = new List<string>();
        session.OnCloseRequested(reason =>
        {
            reasons.Add(reason);
            return Task.CompletedTask;
        });

        await session.CloseAsync("Disconnected by the administrator.");

        Assert.Equal(["Disconnected by the administrator."], reasons);
    }

    [Fact]
    public async Task CloseAsync_before_the_protocol_said_how_does_nothing()
    {
        using var session = Open();

        await session.CloseAsync("bye");

        Assert.Equal(1, _registry.Count);
    }

    [Fact]
    public void ToString_names_the_session_and_its_account_but_never_a_secret()
    {
        using var session = Open();
        var account = new Account("alice", "$pbkdf2$secret-hash", "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty);
        Assert.True(_registry.TrySignIn(session, account, out _));

        var text = session.ToString();

        Assert.Contains("ftp", text, StringComparison.Ordinal);
        Assert.Contains("192.0.2.1", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-hash", text, StringComparison.Ordinal);
    }
}
