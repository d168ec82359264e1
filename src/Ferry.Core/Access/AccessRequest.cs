namespace Ferry.Core.Access;

/// <summary>
/// A logon to check: a name and password, and the channel they came over. A class with its own
/// ToString, not a positional record: a generated ToString would print the password into any log
/// line that shows the request.
/// </summary>
public sealed class AccessRequest
{
    public AccessRequest(string userName, string password, AccessChannel channel)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(channel);
        UserName = userName;
        Password = password;
        Channel = channel;
    }

    public string UserName { get; }

    public string Password { get; }

    public AccessChannel Channel { get; }

    /// <summary>Everything but the password.</summary>
    public override string ToString() => $"AccessRequest {{ UserName = {UserName}, Channel = {Channel} }}";
}
