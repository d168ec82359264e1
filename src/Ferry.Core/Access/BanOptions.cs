namespace Ferry.Core.Access;

/// <summary>When failed logons from one address get it refused without a password check.</summary>
public sealed record BanOptions
{
    /// <summary>
    /// Failed logons from one address within <see cref="FailureWindow"/> after which further attempts
    /// are refused without hashing. Ten in five minutes leaves room for a person mistyping a few
    /// times, yet caps an online guesser at about 120 guesses an hour per address.
    /// </summary>
    public int MaxFailuresPerAddress { get; init; } = 10;

    /// <summary>The sliding window for <see cref="MaxFailuresPerAddress"/>.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Addresses whose failures are remembered. About 200 bytes each, so 10,000 cost a few MiB at
    /// most however many addresses attack; beyond that the longest-quiet address is forgotten.
    /// </summary>
    public int MaxTrackedAddresses { get; init; } = 10_000;
}
