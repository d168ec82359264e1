using Ferry.Core.Diagnostics;

namespace Ferry.Core.Identity;

/// <summary>
/// What an account may hold and how fast it may move bytes. Every limit is optional (null: none);
/// <see cref="None"/> is an account without limits. FileService enforces the quota for every
/// protocol; the bandwidth is taken from buckets shared by the account's sessions and the server.
/// </summary>
public sealed record AccountLimits(QuotaLimits Quota, BandwidthLimits Bandwidth)
{
    public static AccountLimits None { get; } = new(QuotaLimits.None, BandwidthLimits.None);
}

/// <summary>
/// Bytes and files (files and folders both count: each is an inode or an object, and a limit meant
/// to stop millions of entries must count MKD too) an account's home may hold; null: no limit.
/// </summary>
public sealed record QuotaLimits(long? Bytes, long? Files)
{
    public static QuotaLimits None { get; } = new(null, null);

    public bool Any => Bytes is not null || Files is not null;
}

/// <summary>Bytes per second up (client to server) and down; null: no limit.</summary>
public sealed record BandwidthLimits(long? UploadBytesPerSecond, long? DownloadBytesPerSecond)
{
    public static BandwidthLimits None { get; } = new(null, null);

    public long? For(TransferDirection direction) =>
        direction == TransferDirection.Upload ? UploadBytesPerSecond : DownloadBytesPerSecond;
}
