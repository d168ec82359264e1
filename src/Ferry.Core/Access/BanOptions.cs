using System.Collections.Immutable;
using System.Net;

namespace Ferry.Core.Access;

/// <summary>When failed logons from one address get it refused without a password check.</summary>
public sealed record BanOptions
{
    /// <summary>
    /// Logon attempts from one address within <see cref="FailureWindow"/> after which further attempts
    /// are refused without hashing. An attempt counts from the moment it starts (a success gives its
    /// count back), so a burst of parallel guesses cannot all slip past the check before the first
    /// one fails. Ten in five minutes leaves room for a person mistyping a few times, yet caps an
    /// online guesser at about 120 guesses an hour per address.
    /// </summary>
    public int MaxFailuresPerAddress { get; init; } = 10;

    /// <summary>The sliding window for <see cref="MaxFailuresPerAddress"/>.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an address stays banned once a failure reaches the limit, counted from that failure.
    /// The ban also lasts at least until enough counted failures leave the window. Five minutes,
    /// like the window, so that the documented "ten in five minutes" is the whole rule by default.
    /// </summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Addresses whose failures are remembered. About 200 bytes each, so 10,000 cost a few MiB at
    /// most however many addresses attack; beyond that the longest-quiet address is forgotten.
    /// </summary>
    public int MaxTrackedAddresses { get; init; } = 10_000;

    /// <summary>
    /// Networks that are never banned (monitoring hosts, an office's NAT address). Their attempts are
    /// still counted, but only to order their turn at the password hash among other addresses.
    /// </summary>
    public ImmutableArray<IPNetwork> NeverBanned { get; init; } = [];
}
