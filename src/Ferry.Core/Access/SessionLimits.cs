namespace Ferry.Core.Access;

/// <summary>How many sessions the server admits at once, over every protocol together.</summary>
/// <param name="MaxSessions">All sessions at once; bounds memory and file handles.</param>
/// <param name="MaxSessionsPerAddress">From one client address; stops one host from taking every slot.</param>
/// <param name="MaxSessionsPerAccount">Signed in as one account; no limit unless set. An account's own MaxSessions (<see cref="Identity.AccountPolicy.MaxSessions"/>) stands in for it.</param>
public sealed record SessionLimits(int MaxSessions, int MaxSessionsPerAddress, int MaxSessionsPerAccount = int.MaxValue)
{
    /// <summary>No limit at all: for tests and tools that count without refusing.</summary>
    public static SessionLimits None { get; } = new(int.MaxValue, int.MaxValue);
}
