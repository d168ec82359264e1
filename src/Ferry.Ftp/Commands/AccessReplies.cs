using Ferry.Core.Access;

namespace Ferry.Ftp.Commands;

/// <summary>The one place where neutral access refusals become FTP replies.</summary>
public static class AccessReplies
{
    /// <summary>The reply to a refused logon (USER or PASS): always 530, so clients know to stop.</summary>
    public static (int Code, string Text) For(AccessRefusal refusal) => refusal switch
    {
        AccessRefusal.Banned => (530, "Login incorrect. Too many failed logons from your address; wait a few minutes."),
        AccessRefusal.Busy => (530, "Logon refused: too many logons are in progress from your address; try again in a moment."),
        AccessRefusal.TooManySessions => (530, "Logon refused: your account has as many sessions open as it may. Close one and try again."),
        AccessRefusal.TlsRequired => (530, "TLS is required on this server: send AUTH TLS before logging on."),
        AccessRefusal.HomeUnavailable => (530, "Logon failed: your home folder is unavailable. Please tell the administrator."),

        // Said before any password is checked: it tells nothing of whether a password would have been right.
        AccessRefusal.AddressDenied => (530, "Logon refused: this account may not be used from your address."),
        AccessRefusal.AccountTlsRequired => (530, "This account requires TLS: send AUTH TLS, then USER and PASS again. Do not send the password in the clear."),
        _ => (530, "Login incorrect."),
    };

    /// <summary>
    /// The reply a refused connection gets before it is closed (421, RFC 959: service not available,
    /// closing control connection), with a sentence a person can act on instead of a silent close.
    /// <paramref name="maxClientsMessage"/> (IIS's maxClientsMessage) replaces the sentence when the whole server is full.
    /// </summary>
    public static (int Code, string Text) ForConnection(SessionRefusal refusal, string? maxClientsMessage = null)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Limit switch
        {
            SessionLimit.Total when maxClientsMessage is not null => (421, maxClientsMessage),
            SessionLimit.Total => (421, $"Too many connections: the server allows {refusal.Allowed} at once. Try again later."),
            SessionLimit.PerAddress => (421, $"Too many connections from your address ({refusal.Allowed} allowed). Close some and try again."),
            _ => (421, $"Too many sessions ({refusal.Allowed} allowed). Close some and try again."),
        };
    }

    /// <summary>The reply a connection from an address the server does not admit gets before it is closed (421, like a limit).</summary>
    public static (int Code, string Text) ForAddressDenied() =>
        (421, "Connections from your address are not accepted by this server. Closing the connection.");
}
