using System.Collections.Immutable;
using System.Runtime.Versioning;
using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Tests;

// File modes are checked as the Linux server sets them.
[SupportedOSPlatform("linux")]
public sealed class FirstAccountTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Pbkdf2PasswordHasher _hasher = new(new PasswordHashOptions { Iterations = 1000 });
    private readonly FerrySettings _settings;

    public FirstAccountTests() =>
        _settings = FerrySettings.Load(Configs.From(("DataDirectory", _dir.Path)));

    private string PasswordFile => Path.Combine(_dir.Path, FirstAccount.PasswordFileName);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Empty_store_gets_an_admin_whose_password_is_in_an_owner_only_file()
    {
        var store = new InMemoryAccountStore();

        await FirstAccount.EnsureAsync(store, _hasher, _settings, NullLogger.Instance);

        var admin = Assert.Single(await store.ListAsync(CancellationToken.None));
        Assert.Equal("admin", admin.Name);
        Assert.Equal("", admin.HomeDirectory);
        Assert.Equal(Permissions.All, admin.DefaultPermissions);
        Assert.Equal(Path.Combine(_dir.Path, "initial-password.txt"), PasswordFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        var lines = File.ReadAllLines(PasswordFile);
        Assert.Equal("user: admin", lines[0]);
        Assert.StartsWith("password: ", lines[1], StringComparison.Ordinal);
        var password = lines[1]["password: ".Length..];
        Assert.Equal(20, password.Length);
        Assert.True(_hasher.Verify(password, admin.PasswordHash));
    }

    [Fact]
    public async Task Store_with_an_account_is_left_alone()
    {
        var alice = new Account("alice", _hasher.Hash("pw"), "alice", Permissions.All, ImmutableArray<FolderPermission>.Empty);
        var store = new InMemoryAccountStore([alice]);

        await FirstAccount.EnsureAsync(store, _hasher, _settings, NullLogger.Instance);

        Assert.Equal([alice], await store.ListAsync(CancellationToken.None));
        Assert.False(File.Exists(PasswordFile));
    }
}
