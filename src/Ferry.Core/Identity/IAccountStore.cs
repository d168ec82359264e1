namespace Ferry.Core.Identity;

/// <summary>Where accounts live (embedded SQLite, PostgreSQL, the configuration file).</summary>
public interface IAccountStore
{
    /// <summary>The account with this name (names compare case-insensitively), or null.</summary>
    ValueTask<Account?> FindAsync(string name, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds a new account; throws <see cref="InvalidOperationException"/> if the name is taken and
    /// <see cref="ArgumentException"/> if it breaks <see cref="AccountName"/>'s rule (so does Update).
    /// </summary>
    ValueTask AddAsync(Account account, CancellationToken cancellationToken);

    /// <summary>Replaces an existing account; false when there is none of that name.</summary>
    ValueTask<bool> UpdateAsync(Account account, CancellationToken cancellationToken);

    /// <summary>False when there was none of that name.</summary>
    ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken);
}
