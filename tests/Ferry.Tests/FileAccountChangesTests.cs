using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Storage.Memory;
using Ferry.Serving;

namespace Ferry.Tests;

/// <summary>A reload of the file's accounts and the virtual sites that inherit them.</summary>
public sealed class FileAccountChangesTests
{
    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");

    private readonly SessionRegistry _sessions = new(SessionLimits.None, TimeProvider.System);
    private readonly FailureTracker _bans = new(new BanOptions(), TimeProvider.System);

    [Fact]
    public async Task A_removed_account_is_signed_out_of_inheriting_sites_but_a_sites_own_account_of_that_name_is_left_alone()
    {
        var file = new InMemoryAccountStore([Account("carol", "file-pw"), Account("dave", "file-pw")]);
        var server = Service(file, site: null);
        var inheriting = Service(new CompositeAccountStore([new InMemoryAccountStore([Account("dave", "site-pw")]), file], writable: null), site: "a.example.test");
        var changes = new FileAccountChanges(file, server, [new InheritingSite(inheriting, new HashSet<string>(["dave"], StringComparer.OrdinalIgnoreCase))]);

        var carolOnSite = await SignInAsync(inheriting, "carol", "file-pw");
        var siteDave = await SignInAsync(inheriting, "dave", "site-pw");
        var closed = new List<string>();
        carolOnSite.OnCloseRequested(reason => { closed.Add("carol"); return Task.CompletedTask; });
        siteDave.OnCloseRequested(reason => { closed.Add("dave"); return Task.CompletedTask; });

        var applied = await changes.ApplyAsync([]);

        Assert.Equal(2, applied.Removed);
        Assert.Equal(["carol"], closed);
    }

    [Fact]
    public async Task An_account_whose_mounts_changed_has_its_sessions_ended_saying_why_and_keeps_them_when_only_rights_changed()
    {
        var before = Account("erin", "pw") with { Mounts = [new FolderMount(Ferry.Core.Paths.VfsPath.Parse("/reports"), "/srv/reports")] };
        var file = new InMemoryAccountStore([before]);
        var server = Service(file, site: null);
        var changes = new FileAccountChanges(file, server);
        var session = await SignInAsync(server, "erin", "pw");
        var reasons = new List<string>();
        session.OnCloseRequested(reason => { reasons.Add(reason); return Task.CompletedTask; });

        var rights = await changes.ApplyAsync([before with { DefaultPermissions = Permissions.List | Permissions.Read }]);
        var moved = await changes.ApplyAsync([before with { Mounts = [new FolderMount(Ferry.Core.Paths.VfsPath.Parse("/reports"), "/srv/other")] }]);

        Assert.Equal((1, 0), (rights.Changed, rights.SessionsEnded));
        Assert.Equal((1, 1), (moved.Changed, moved.SessionsEnded));
        Assert.Equal(["Your account's home folder or mount points were changed by the administrator; log on again to see them. Closing the connection."], reasons);
    }

    private AccessService Service(IAccountStore accounts, string? site)
    {
        var login = new LoginPolicy(accounts, Hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, _bans, TimeProvider.System);
        return new AccessService(login, _sessions, _ => new InMemoryStorage()) { Site = site };
    }

    private async Task<SessionEntry> SignInAsync(AccessService access, string name, string password)
    {
        Assert.True(_sessions.TryOpen("test", Client, out var session, out _));
        var result = await access.SignInAsync(new AccessRequest(name, password, new AccessChannel("test", Client, Protected: true)), session, default);
        Assert.True(result.Granted, result.ToString());
        return session;
    }

    private static Account Account(string name, string password) =>
        new(name, Hasher.Hash(password), "/" + name, Permissions.All, ImmutableArray<FolderPermission>.Empty);
}
