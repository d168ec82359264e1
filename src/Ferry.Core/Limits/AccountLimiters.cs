using Ferry.Core.Identity;

namespace Ferry.Core.Limits;

/// <summary>The process's shared limit state that every session's FileService draws on: bandwidth buckets and quota usage.</summary>
public sealed class AccountLimiters(BandwidthRegistry bandwidth, QuotaRegistry quotas)
{
    public BandwidthRegistry Bandwidth { get; } = bandwidth;

    public QuotaRegistry Quotas { get; } = quotas;

    public static AccountLimiters Create(BandwidthLimits global, TimeProvider time) =>
        new(new BandwidthRegistry(global, time), new QuotaRegistry());

    /// <summary>
    /// Limits for another set of accounts (a virtual site's), whose names may repeat this set's:
    /// their own quota usage and account buckets, the same server-wide bandwidth.
    /// </summary>
    public AccountLimiters ForOtherAccounts() => new(Bandwidth.ForOtherAccounts(), new QuotaRegistry());
}
