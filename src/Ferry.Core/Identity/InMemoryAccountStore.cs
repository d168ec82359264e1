namespace Ferry.Core.Identity;

/// <summary>
/// Accounts held in memory: those given on the command line or in the configuration file, and
/// tests. Thread-safe; names compare case-insensitively.
/// </summary>
public sealed class InMemoryAccountStore : IAccountStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public InMemoryAccountStore()
    {
    }

    /// <exception cref="InvalidOperationException">Two accounts share a name.</exception>
    /// <exception cref="ArgumentException">A name breaks <see cref="AccountName"/>'s rule.</exception>
    public InMemoryAccountStore(IEnumerable<Account> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            AddCore(account);
        }
    }

    public ValueTask<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return ValueTask.FromResult(_accounts.GetValueOrDefault(name));
        }
    }

    public ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Account> snapshot = [.. _accounts.Values.OrderBy(account => account.Name, StringComparer.OrdinalIgnoreCase)];
            return ValueTask.FromResult(snapshot);
        }
    }

    /// <exception cref="ArgumentException">The name breaks <see cref="AccountName"/>'s rule.</exception>
    public ValueTask AddAsync(Account account, CancellationToken cancellationToken)
    {
        AddCore(account);
        return ValueTask.CompletedTask;
    }

    /// <exception cref="ArgumentException">The name breaks <see cref="AccountName"/>'s rule.</exception>
    public ValueTask<bool> UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        AccountName.ThrowIfInvalid(account.Name, nameof(account));
        lock (_gate)
        {
            if (!_accounts.ContainsKey(account.Name))
            {
                return ValueTask.FromResult(false);
            }

            // Remove first so that a change in the name's case is kept as the new spelling.
            _accounts.Remove(account.Name);
            _accounts.Add(account.Name, account);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return ValueTask.FromResult(_accounts.Remove(name));
        }
    }

    private void AddCore(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        AccountName.ThrowIfInvalid(account.Name, nameof(account));
        lock (_gate)
        {
            if (!_accounts.TryAdd(account.Name, account))
            {
                throw new InvalidOperationException($"An account named '{account.Name}' already exists.");
            }
        }
    }
}
