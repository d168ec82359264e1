namespace Ferry.Bench;

/// <summary>What one data connection carried: bytes, and '\n' count for listings.</summary>
public readonly record struct TransferResult(long Bytes, long Lines);
