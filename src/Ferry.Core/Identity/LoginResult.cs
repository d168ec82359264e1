using System.Net;

namespace Ferry.Core.Identity;

public enum LoginOutcome
{
    Success,

    /// <summary>Unknown user or wrong password: protocols must answer both the same way.</summary>
    Rejected,

    /// <summary>Too many logons from this address recently.</summary>
    Throttled,
}

public sealed record LoginResult(LoginOutcome Outcome, Account? Account)
{
    public static readonly LoginResult Rejected = new(LoginOutcome.Rejected, null);
    public static readonly LoginResult Throttled = new(LoginOutcome.Throttled, null);
}

/// <summary>Who is asking, for the policy's per-address decisions and logs.</summary>
public sealed record LoginRequest(string UserName, string Password, IPAddress ClientAddress, string Protocol);
