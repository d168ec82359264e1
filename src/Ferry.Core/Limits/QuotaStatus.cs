using Ferry.Core.Identity;

namespace Ferry.Core.Limits;

/// <summary>An account's quota as shown to it (FTP AVBL, WebDAV quota properties): what it uses, against its limits.</summary>
public sealed record QuotaStatus(Usage Used, QuotaLimits Limits)
{
    /// <summary>Bytes that may still be stored; null without a byte limit.</summary>
    public long? AvailableBytes => Limits.Bytes is { } bytes ? Math.Max(0, bytes - Used.Bytes) : null;

    /// <summary>Bytes stored (never below zero, even when a change beside Ferry made the count drift).</summary>
    public long UsedBytes => Math.Max(0, Used.Bytes);
}
