using Ferry.Core.Access;
using Ferry.Core.Identity;

namespace Ferry.Serving;

/// <summary>What one reload did to the configuration file's accounts.</summary>
public sealed record AccountChangeCounts(int Added, int Changed, int Removed, int SessionsEnded);

/// <summary>
/// Brings the store of the configuration file's accounts up to a new list. A new password counts for
/// new logons while open sessions go on; new rights count from an open session's next command; a
/// removed or disabled account, or one whose home moved, has its sessions ended with a 421 that says why.
/// </summary>
public sealed class FileAccountChanges(InMemoryAccountStore store, AccessService access)
{
    public async Task<AccountChangeCounts> ApplyAsync(IReadOnlyList<Account> wanted)
    {
        var current = await store.ListAsync(CancellationToken.None).ConfigureAwait(false);
        var byName = wanted.ToDictionary(account => account.Name, StringComparer.OrdinalIgnoreCase);
        int added = 0, changed = 0, removed = 0, ended = 0;
        foreach (var account in current.Where(account => !byName.ContainsKey(account.Name)))
        {
            await store.RemoveAsync(account.Name, CancellationToken.None).ConfigureAwait(false);
            removed++;
            ended += await access.EndSessionsOfAsync(account.Name, "Your account was removed by the administrator. Closing the connection.").ConfigureAwait(false);
        }

        var existing = current.ToDictionary(account => account.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var account in wanted)
        {
            if (!existing.TryGetValue(account.Name, out var before))
            {
                await store.AddAsync(account, CancellationToken.None).ConfigureAwait(false);
                added++;
                continue;
            }

            if (Same(before, account))
            {
                continue;
            }

            await store.UpdateAsync(account, CancellationToken.None).ConfigureAwait(false);
            changed++;
            var reason = !account.Enabled
                ? "Your account was disabled by the administrator. Closing the connection."
                : "Your account's home folder was changed by the administrator; log on again to see it. Closing the connection.";
            ended += await access.ApplyAccountChangeAsync(account, reason).ConfigureAwait(false);
        }

        return new AccountChangeCounts(added, changed, removed, ended);
    }

    /// <summary>Field by field: a record's equality would compare the folder rules' array by reference.</summary>
    private static bool Same(Account a, Account b) =>
        a.Name == b.Name && a.PasswordHash == b.PasswordHash && a.HomeDirectory == b.HomeDirectory
        && a.DefaultPermissions == b.DefaultPermissions && a.Enabled == b.Enabled
        && a.FolderPermissions.SequenceEqual(b.FolderPermissions) && a.Policy == b.Policy;
}
