using Ferry.Core.Access;
using Ferry.Ftp.Session;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Commands;

/// <summary>Logon and the session's life: USER PASS ACCT REIN QUIT.</summary>
internal static class AccessCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("USER", ArgumentRule.Required, "<name>", "Names the user to log on as.", UserAsync, NeedsLogin: false, Audit: AuditAs.Logon),
        new("PASS", ArgumentRule.Optional, "<password>", "Gives the password for USER.", PassAsync, NeedsLogin: false, Audit: AuditAs.Logon),
        new("ACCT", ArgumentRule.Required, "<account>", "Account information; not needed here.", AcctAsync, NeedsLogin: false),
        new("REIN", ArgumentRule.None, "", "Logs out and starts the session anew.", ReinAsync, NeedsLogin: false),
        new("QUIT", ArgumentRule.None, "", "Ends the session.", QuitAsync, NeedsLogin: false),
    ];

    private static async ValueTask UserAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (session.LoggedIn)
        {
            // RFC 959 4.1.1: USER in a logged-on session starts a new logon from scratch.
            await session.ClearDataSetupAsync().ConfigureAwait(false);
            session.Reinitialize();
        }

        // IIS's "USER site|name" chooses the site for clients that cannot send HOST.
        if (await SiteCommands.TakeSiteAsync(session, argument.Trim(), ct).ConfigureAwait(false) is not { } name)
        {
            return;
        }

        if (await session.Access.CheckBeforePasswordAsync(name, session.AccessChannel, ct).ConfigureAwait(false) is { } refusal)
        {
            // Refused at USER, before the client sends its password (in the clear, or from an
            // address where the account may not be used). It counts as a failed logon on this
            // connection: a refused address must not be able to try name after name on one connection.
            LogRefusal(session, name, AccessResult.Refuse(refusal));
            var (code, text) = AccessReplies.For(refusal);
            if (refusal == AccessRefusal.AddressDenied && ++session.FailedLogons >= session.Options.MaxLogonFailures)
            {
                await CloseAfterFailuresAsync(session, text, ct).ConfigureAwait(false);
                return;
            }

            await session.ReplyAsync(code, text, ct).ConfigureAwait(false);
            return;
        }

        session.PendingUser = name;
        await session.ReplyAsync(331, $"Password required for {FtpSession.Printable(session.PendingUser)}.", ct).ConfigureAwait(false);
    }

    private static async ValueTask PassAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (session.LoggedIn)
        {
            await session.ReplyAsync(230, "Already logged in.", ct).ConfigureAwait(false);
            return;
        }

        var user = session.PendingUser;
        if (user is null)
        {
            await session.ReplyAsync(503, "Send USER first, then PASS.", ct).ConfigureAwait(false);
            return;
        }

        session.PendingUser = null;
        var result = await session.Access.SignInAsync(new AccessRequest(user, argument, session.AccessChannel), session.Registration, ct).ConfigureAwait(false);
        if (result.Granted)
        {
            session.SignIn(result.Grant);
            session.Logger.LogInformation("FTP session {Session}: {User} logged on from {Client}{Site}", session.Connection.Id, result.Grant.Account.Name, session.Connection.ClientAddress,
                session.Site is null ? "" : $" to site {session.Site.Name}");
            var loggedIn = $"User {FtpSession.Printable(result.Grant.Account.Name)} logged in.";
            await session.ReplyAsync(230, session.Greeting is { } greeting ? session.ExpandMessage(greeting) + "\n" + loggedIn : loggedIn, ct).ConfigureAwait(false);
            return;
        }

        LogRefusal(session, user, result);
        var (code, text) = AccessReplies.For(result.Refusal.Value);
        if (result.Refusal is AccessRefusal.BadCredentials or AccessRefusal.Banned or AccessRefusal.Busy or AccessRefusal.AddressDenied
            && ++session.FailedLogons >= session.Options.MaxLogonFailures)
        {
            await CloseAfterFailuresAsync(session, text, ct).ConfigureAwait(false);
            return;
        }

        await session.ReplyAsync(code, text, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Like vsftpd's max_login_fails: 530 (so that clients report wrong credentials rather than
    /// retry a 421 as a passing outage), then the connection is closed.
    /// </summary>
    private static async ValueTask CloseAfterFailuresAsync(FtpSession session, string text, CancellationToken ct)
    {
        session.Logger.LogWarning("FTP session {Session}: closed after {Failures} failed logons from {Client}", session.Connection.Id, session.FailedLogons, session.Connection.ClientAddress);
        await session.ReplyAsync(530, $"{text} Closing the connection after {session.FailedLogons} failed logons.", ct).ConfigureAwait(false);
        session.QuitRequested = true;
    }

    private static void LogRefusal(FtpSession session, string user, AccessResult result)
    {
        var id = session.Connection.Id;
        var client = session.Connection.ClientAddress;
        switch (result.Refusal)
        {
            case AccessRefusal.HomeUnavailable:
                session.Logger.LogError("FTP session {Session}: {Detail}", id, result.Detail);
                break;
            case AccessRefusal.Banned:
                session.Logger.LogWarning("FTP session {Session}: logon refused for {Client}: too many failed logons", id, client);
                break;
            case AccessRefusal.Busy:
                session.Logger.LogWarning("FTP session {Session}: logon refused for {Client}: too many password checks from it are waiting", id, client);
                break;
            case AccessRefusal.TooManySessions:
                session.Logger.LogWarning("FTP session {Session}: logon refused for {User} from {Client}: {Detail}", id, FtpSession.Printable(user), client, result.Detail);
                break;
            case AccessRefusal.BadCredentials:
                session.Logger.LogWarning("FTP session {Session}: failed logon as {User} from {Client}", id, FtpSession.Printable(user), client);
                break;
            case AccessRefusal.AddressDenied:
                session.Logger.LogWarning("FTP session {Session}: logon as {User} refused: {Client} is not admitted for it", id, FtpSession.Printable(user), client);
                break;
            case AccessRefusal.AccountTlsRequired:
                session.Logger.LogInformation("FTP session {Session}: logon as {User} refused before the password: the account requires TLS and the control connection is clear", id, FtpSession.Printable(user));
                break;
        }
    }

    private static ValueTask AcctAsync(FtpSession session, string argument, CancellationToken ct) =>
        session.LoggedIn || session.PendingUser is not null
            ? session.ReplyAsync(202, "No account information is needed on this server.", ct)
            : session.ReplyAsync(503, "Send USER first.", ct);

    private static async ValueTask ReinAsync(FtpSession session, string argument, CancellationToken ct)
    {
        await session.ClearDataSetupAsync().ConfigureAwait(false);
        session.Reinitialize();
        session.ResetProtection();
        await session.ReplyAsync(220, "Session reinitialized; log in again.", ct).ConfigureAwait(false);
    }

    private static async ValueTask QuitAsync(FtpSession session, string argument, CancellationToken ct)
    {
        session.QuitRequested = true;
        await session.ReplyAsync(221, session.ExpandMessage(session.ExitMessage ?? "Goodbye."), ct).ConfigureAwait(false);
    }
}
