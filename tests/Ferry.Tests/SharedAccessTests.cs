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
}
