using Ferry.Core.Access;
using Ferry.Core.Identity;

namespace Ferry.Serving;

/// <summary>A virtual site that accepts the server's accounts, and the names of its own accounts, which win over them.</summary>
public sealed record InheritingSite(AccessService Access, IReadOnlySet<string> OwnNames);

/// <summary>What one reload did to the configuration file's accounts.</summary>
public sealed record AccountChangeCounts(int Added, int Changed, int Removed, int SessionsEnded);

/// <summary>
/// Brings the store of the configuration file's accounts up to a new list. A new password counts for
/// new logons while open sessions go on; new rights count from an open session's next command; a
/// removed or disabled account, or one whose home moved, has its sessions ended with a 421 that says why.
/// </summary>
/// <param name="inheritedBy">
/// The virtual sites that accept the server's accounts too (InheritAccounts): a removed, disabled or
/// changed account's sessions there are treated alike, unless the site has an account of that name of
/// its own (which is the one its sessions signed in as).
/// </param>
public sealed class FileAccountChanges(InMemoryAccountStore store, AccessService access, IReadOnlyList<InheritingSite>? inheritedBy = null)
{
    private IEnumerable<AccessService> ServicesFor(string name) =>
        (inheritedBy ?? []).Where(site => !site.OwnNames.Contains(name)).Select(site => site.Access).Prepend(access);

    public async Task<AccountChangeCounts> ApplyAsync(IReadOnlyList<Account> wanted)
    {
        var current = await store.ListAsync(CancellationToken.None).ConfigureAwait(false);
        var byName = wanted.ToDictionary(account => account.Name, StringComparer.OrdinalIgnoreCase);
        int added = 0, changed = 0, removed = 0, ended = 0;
        foreach (var account in current.Where(account => !byName.ContainsKey(account.Name)))
        {
            await store.RemoveAsync(account.Name, CancellationToken.None).ConfigureAwait(false);
            removed++;
            foreach (var service in ServicesFor(account.Name))
            {
                ended += await service.EndSessionsOfAsync(account.Name, "Your account was removed by the administrator. Closing the connection.").ConfigureAwait(false);
            }
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
                : "Your account's home folder or mount points were changed by the administrator; log on again to see them. Closing the connection.";
            foreach (var service in ServicesFor(account.Name))
            {
                ended += await service.ApplyAccountChangeAsync(account, reason).ConfigureAwait(false);
            }
        }

        return new AccountChangeCounts(added, changed, removed, ended);
    }

    /// <summary>Field by field: a record's equality would compare the folder rules' array by reference.</summary>
    private static bool Same(Account a, Account b) =>
        a.Name == b.Name && a.PasswordHash == b.PasswordHash && a.HomeDirectory == b.HomeDirectory
        && a.DefaultPermissions == b.DefaultPermissions && a.Enabled == b.Enabled && a.Limits == b.Limits
        && a.FolderPermissions.SequenceEqual(b.FolderPermissions) && a.Policy == b.Policy && a.Mounts.SequenceEqual(b.Mounts);
}
