using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

/// <summary>Passes every call to an inner store and records the names it was asked to find.</summary>
internal sealed class RecordingStore(IAccountStore inner) : IAccountStore
{
    public List<string> Asked { get; } = [];

    public ValueTask<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add(name);
        }

        return inner.FindAsync(name, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask AddAsync(Account account, CancellationToken cancellationToken) => inner.AddAsync(account, cancellationToken);

    public ValueTask<bool> UpdateAsync(Account account, CancellationToken cancellationToken) => inner.UpdateAsync(account, cancellationToken);

    public ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken) => inner.RemoveAsync(name, cancellationToken);
}
