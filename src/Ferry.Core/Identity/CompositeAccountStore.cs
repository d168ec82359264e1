namespace Ferry.Core.Identity;

/// <summary>
/// Several stores seen as one, in order: typically the accounts from the configuration first, then
/// the database. The first store that knows a name answers for it; changes go to one writable store.
/// </summary>
public sealed class CompositeAccountStore : IAccountStore
{
    private readonly IReadOnlyList<IAccountStore> _stores;
    private readonly IAccountStore? _writable;

    /// <param name="stores">Searched in this order.</param>
    /// <param name="writable">One of <paramref name="stores"/>, or null when no change is allowed.</param>
    public CompositeAccountStore(IReadOnlyList<IAccountStore> stores, IAccountStore? writable)
    {
        ArgumentNullException.ThrowIfNull(stores);
        if (stores.Count == 0)
        {
            throw new ArgumentException("At least one store is needed.", nameof(stores));
        }

        // A writable store outside the list would take changes that Find never sees.
        if (writable is not null && !stores.Contains(writable))
        {
            throw new ArgumentException("The writable store must be one of the stores.", nameof(writable));
        }

        _stores = [.. stores];
        _writable = writable;
    }

    public async ValueTask<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var store in _stores)
        {
            var account = await store.FindAsync(name, cancellationToken).ConfigureAwait(false);
            if (account is not null)
            {
                return account;
            }
        }

        return null;
    }

    public async ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var all = new List<Account>();
        foreach (var store in _stores)
        {
            foreach (var account in await store.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(account.Name))
                {
                    all.Add(account);
                }
            }
        }

        return all;
    }

    /// <exception cref="InvalidOperationException">The name is taken in any store (it would be shadowed or would shadow).</exception>
    /// <exception cref="NotSupportedException">No writable store.</exception>
    public async ValueTask AddAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var writable = Writable();
        if (await FindAsync(account.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new InvalidOperationException($"An account named '{account.Name}' already exists.");
        }

        await writable.AddAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>False also when the account lives only in a read-only store.</summary>
    public ValueTask<bool> UpdateAsync(Account account, CancellationToken cancellationToken) =>
        Writable().UpdateAsync(account, cancellationToken);

    /// <summary>False also when the account lives only in a read-only store.</summary>
    public ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken) =>
        Writable().RemoveAsync(name, cancellationToken);

    private IAccountStore Writable() =>
        _writable ?? throw new NotSupportedException("No account store here accepts changes.");
}
