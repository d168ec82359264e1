using System.Collections.Immutable;
using Ferry.Accounts.Sql;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Core.Identity;

namespace Ferry.Serving;

/// <summary>
/// The accounts a server run knows: --user accounts (this run only), then the configuration file's,
/// then the embedded SQLite store in the data folder (the one `ferry account` manages).
/// </summary>
public static class AccountStores
{
    public const string DatabaseName = "accounts.db";

    public static async Task<SqliteAccountStore> OpenEmbeddedAsync(FerrySettings settings)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var store = new SqliteAccountStore(Path.Combine(settings.DataDirectory, DatabaseName));
        await store.EnsureCreatedAsync().ConfigureAwait(false);
        return store;
    }

    /// <summary>Accounts from --user NAME:PASSWORD, home = the root, full rights.</summary>
    public static IReadOnlyList<Account> FromUserFlags(IReadOnlyList<string> users, IPasswordHasher hasher)
    {
        var accounts = new List<Account>();
        foreach (var text in users)
        {
            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                throw new UsageException($"--user takes NAME:PASSWORD, not '{(colon < 0 ? text : "")}'.");
            }

            var name = text[..colon];
            if (AccountName.Problem(name) is { } problem)
            {
                throw new UsageException($"--user: {problem}");
            }

            var password = PasswordSource.Resolve(text[(colon + 1)..], $"--user {name}");
            accounts.Add(new Account(name, hasher.Hash(password), "", Permissions.All, ImmutableArray<FolderPermission>.Empty));
        }

        return accounts;
    }
}
