namespace Ferry.Core.Identity;

public sealed record LoginPolicyOptions
{
    /// <summary>
    /// Password hashes computed at once. A slow hash costs a core for tens of milliseconds; without
    /// a bound a burst of logons would starve the I/O of every other session.
    /// </summary>
    public int MaxConcurrentHashes { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>A failed logon is answered only after this delay (without holding a thread), to slow guessing.</summary>
    public TimeSpan FailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Folder served read-only to "anonymous" and "ftp"; null keeps anonymous logon off.</summary>
    public string? AnonymousHome { get; init; }
}
