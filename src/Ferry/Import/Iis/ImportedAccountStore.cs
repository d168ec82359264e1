using System.Collections.Immutable;
using System.Net;
using Ferry.Accounts.Sql;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Serving;

namespace Ferry.Import.Iis;

/// <summary>
/// Writes the imported accounts into the embedded store of the output's data folder, through the
/// same SqliteAccountStore `ferry account` uses: disabled without a password, or enabled with a
/// generated one (hashed; the plain passwords go once to an owner-only file).
/// </summary>
public static class ImportedAccountStore
{
    /// <returns>The names that were already in the store and were left as they were.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(string dataDirectory, IReadOnlyList<ImportedAccount> accounts, IPasswordHasher? generateWith, string passwordFile)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        Directory.CreateDirectory(dataDirectory);
        using var store = new SqliteAccountStore(Path.Join(dataDirectory, AccountStores.DatabaseName));
        await store.EnsureCreatedAsync().ConfigureAwait(false);
        var kept = new List<string>();
        var passwords = new List<string>();
        foreach (var imported in accounts)
        {
            if (await store.FindAsync(imported.Name, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                kept.Add(imported.Name);
                continue;
            }

            var hash = "";
            if (generateWith is not null)
            {
                var password = PasswordSource.Generate();
                hash = generateWith.Hash(password);
                passwords.Add($"{imported.Name} {password}");
            }

            await store.AddAsync(ToAccount(imported, hash, enabled: generateWith is not null), CancellationToken.None).ConfigureAwait(false);
        }

        if (passwords.Count > 0)
        {
            PasswordSource.WriteOwnerOnly(passwordFile, string.Join('\n', passwords) + "\n");
        }

        return kept;
    }

    /// <summary>An empty hash matches no password (the hasher refuses what it cannot parse): with Enabled false, doubly locked.</summary>
    public static Account ToAccount(ImportedAccount imported, string passwordHash, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(imported);
        var folders = imported.Folders.Select(f => new FolderPermission(VfsPath.Parse(f.Key), f.Value)).ToImmutableArray();
        return new Account(imported.Name, passwordHash, imported.Home, imported.Permissions, folders, enabled)
        {
            Policy = AccountPolicy.Default with
            {
                Tls = imported.Tls,
                DeniedCommands = [.. imported.DenyCommands],
                Addresses = new AddressRules
                {
                    Allow = [.. imported.AllowFrom.Select(IPNetwork.Parse)],
                    Deny = [.. imported.DenyFrom.Select(IPNetwork.Parse)],
                },
            },
        };
    }
}
