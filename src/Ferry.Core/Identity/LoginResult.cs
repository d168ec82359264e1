using System.Net;

namespace Ferry.Core.Identity;

public enum LoginOutcome
{
    Success,

    /// <summary>Unknown user or wrong password: protocols must answer both the same way.</summary>
    Rejected,

    /// <summary>The address is banned: too many failed logons from it recently.</summary>
    Throttled,

    /// <summary>
    /// The address has as many password checks waiting as it may: this one was not checked (but is
    /// counted, so that a flood cannot retry its way around the count). Not a ban: the client may try again shortly.
    /// </summary>
    Busy,
}

public sealed record LoginResult(LoginOutcome Outcome, Account? Account)
{
    public static readonly LoginResult Rejected = new(LoginOutcome.Rejected, null);
    public static readonly LoginResult Throttled = new(LoginOutcome.Throttled, null);
    public static readonly LoginResult Busy = new(LoginOutcome.Busy, null);
}

/// <summary>
/// Who is asking, for the policy's per-address decisions and logs. A class, not a positional
/// record: a record's generated ToString would print the password into any log that shows it.
/// </summary>
public sealed class LoginRequest(string userName, string password, IPAddress clientAddress, string protocol)
{
    public string UserName { get; } = userName ?? throw new ArgumentNullException(nameof(userName));

    public string Password { get; } = password ?? throw new ArgumentNullException(nameof(password));

    public IPAddress ClientAddress { get; } = clientAddress ?? throw new ArgumentNullException(nameof(clientAddress));

    public string Protocol { get; } = protocol ?? throw new ArgumentNullException(nameof(protocol));

    /// <summary>Everything but the password.</summary>
    public override string ToString() => $"LoginRequest {{ UserName = {UserName}, ClientAddress = {ClientAddress}, Protocol = {Protocol} }}";
}
