using System.Net;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Tests;

public sealed class SharedAccessTests
{
    private static readonly FerrySettings Settings = FerrySettings.Load(Configs.From(
        ("Ftp:MaxConnections", "7"),
        ("Ftp:MaxConnectionsPerAddress", "3")));

    private static SharedAccess Create() => SharedAccess.Create(
        Settings, new InMemoryAccountStore(), new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1000 }), _ => throw new IOException("no storage here"), _ => new LockSite("root", VfsPath.Root), TimeProvider.System);

    [Fact]
    public void The_registry_takes_the_configured_connection_limits()
    {
        Assert.Equal(new SessionLimits(7, 3), Create().Sessions.Limits);
    }

    [Fact]
    public void The_access_service_is_built_over_the_same_ban_list_and_registry()
    {
        var shared = Create();

        Assert.Same(shared.Bans, shared.Login.Bans);
        Assert.Same(shared.Bans, shared.Access.Bans);
        Assert.Same(shared.Sessions, shared.Access.Sessions);
    }

    [Fact]
    public void Every_singleton_is_registered_once_as_the_instance_made()
    {
        var shared = Create();
        var services = new ServiceCollection();

        shared.Register(services);
        using var provider = services.BuildServiceProvider();

        Assert.Same(shared.Access, provider.GetRequiredService<AccessService>());
        Assert.Same(shared.Sessions, provider.GetRequiredService<SessionRegistry>());
        Assert.Same(shared.Bans, provider.GetRequiredService<FailureTracker>());
        Assert.Same(shared.Login, provider.GetRequiredService<LoginPolicy>());
        Assert.Same(shared.Locks, provider.GetRequiredService<ILockManager>());
        Assert.True(shared.Sessions.TryOpen("ftp", IPAddress.Loopback, out var session, out _));
        session.Dispose();
    }

    [Fact]
    public async Task A_reload_applies_the_address_rules_and_the_per_account_limit_and_ends_sessions_no_longer_admitted()
    {
        var shared = Create();
        Assert.True(shared.Sessions.TryOpen("ftp", IPAddress.Parse("127.0.0.2"), out var denied, out _));
        Assert.True(shared.Sessions.TryOpen("ftp", IPAddress.Parse("127.0.0.1"), out var admitted, out _));
        var closed = new List<long>();
        denied.OnCloseRequested(_ =>
        {
            closed.Add(denied.Id);
            return Task.CompletedTask;
        });

        var ended = await shared.ReconfigureAsync(FerrySettings.Load(Configs.From(
            ("Access:DenyFrom:0", "127.0.0.2"), ("Access:MaxSessionsPerAccount", "3"))));

        Assert.Equal(1, ended);
        Assert.Equal([denied.Id], closed);
        Assert.False(shared.Access.Admits(IPAddress.Parse("127.0.0.2")));
        Assert.Equal(3, shared.Sessions.Limits.MaxSessionsPerAccount);
        Assert.Equal(0, await shared.ReconfigureAsync(FerrySettings.Load(Configs.From(("Access:DenyFrom:0", "127.0.0.2")))));
        denied.Dispose();
        admitted.Dispose();
    }

    [Fact]
    public async Task The_request_filter_is_the_configured_one_and_a_reload_replaces_it()
    {
        var shared = Create();
        Assert.Equal(Ferry.Core.Files.RequestFilter.None, shared.Access.CurrentFilter);

        await shared.ReconfigureAsync(FerrySettings.Load(Configs.From(("Filtering:DenyExtensions:0", ".exe"))));

        Assert.Equal(new Ferry.Core.Files.RequestFilter { DenyExtensions = [".exe"] }, shared.Access.CurrentFilter);
    }
}
