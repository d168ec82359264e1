namespace Ferry.Core.Access;

/// <summary>Which session limit was reached.</summary>
public enum SessionLimit
{
    /// <summary><see cref="SessionLimits.MaxSessions"/>.</summary>
    Total,

    /// <summary><see cref="SessionLimits.MaxSessionsPerAddress"/>.</summary>
    PerAddress,

    /// <summary><see cref="SessionLimits.MaxSessionsPerAccount"/>.</summary>
    PerAccount,
}

/// <summary>A session refused because <paramref name="Limit"/> allows only <paramref name="Allowed"/> at once; protocols word it.</summary>
public sealed record SessionRefusal(SessionLimit Limit, int Allowed);
