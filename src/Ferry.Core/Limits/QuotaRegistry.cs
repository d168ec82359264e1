using System.Collections.Concurrent;
using Ferry.Core.Identity;

namespace Ferry.Core.Limits;

/// <summary>One <see cref="QuotaUsage"/> per account name in the process, made when the account first needs it.</summary>
public sealed class QuotaRegistry
{
    private readonly ConcurrentDictionary<string, QuotaUsage> _byAccount = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The account's usage; a home that moved starts a new measurement.</summary>
    public QuotaUsage For(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return _byAccount.AddOrUpdate(
            account.Name,
            static (_, home) => new QuotaUsage(home),
            static (_, existing, home) => string.Equals(existing.HomeDirectory, home, StringComparison.Ordinal) ? existing : new QuotaUsage(home),
            account.HomeDirectory);
    }

    /// <summary>Every account's home is measured again at its next need (a configuration reload: files may have changed beside Ferry).</summary>
    public void InvalidateAll()
    {
        foreach (var usage in _byAccount.Values)
        {
            usage.Invalidate();
        }
    }
}
