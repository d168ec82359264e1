using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Ftp.Session;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Commands;

/// <summary>Logon and the session's life: USER PASS ACCT REIN QUIT.</summary>
internal static class AccessCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("USER", ArgumentRule.Required, "<name>", "Names the user to log on as.", UserAsync, NeedsLogin: false),
        new("PASS", ArgumentRule.Optional, "<password>", "Gives the password for USER.", PassAsync, NeedsLogin: false),
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

        var name = argument.Trim();
        if (session.MustProtectLogon(name))
        {
            // Refused at USER, before the client sends its password in the clear.
            await session.ReplyAsync(530, "TLS is required on this server: send AUTH TLS before logging on.", ct).ConfigureAwait(false);
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
        if (user is not null && session.MustProtectLogon(user))
        {
            session.PendingUser = null;
            await session.ReplyAsync(530, "TLS is required on this server: send AUTH TLS before logging on.", ct).ConfigureAwait(false);
            return;
        }

        if (user is null)
        {
            await session.ReplyAsync(503, "Send USER first, then PASS.", ct).ConfigureAwait(false);
            return;
        }

        session.PendingUser = null;
        var result = await session.Server.Login.LoginAsync(
            new LoginRequest(user, argument, session.Connection.ClientAddress, "ftp"), ct).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case LoginOutcome.Success when result.Account is not null:
                FileService files;
                try
                {
                    files = new FileService(session.Server.StorageFor(result.Account), result.Account);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Core.Storage.StorageException)
                {
                    session.Logger.LogError("FTP session {Session}: home folder of {User} is unavailable: {Error}", session.Connection.Id, result.Account.Name, ex.Message);
                    await session.ReplyAsync(530, "Logon failed: your home folder is unavailable. Please tell the administrator.", ct).ConfigureAwait(false);
                    return;
                }

                session.SignIn(result.Account, files);
                session.Logger.LogInformation("FTP session {Session}: {User} logged on from {Client}", session.Connection.Id, result.Account.Name, session.Connection.ClientAddress);
                await session.ReplyAsync(230, $"User {FtpSession.Printable(result.Account.Name)} logged in.", ct).ConfigureAwait(false);
                return;
            case LoginOutcome.Throttled:
                session.Logger.LogWarning("FTP session {Session}: logon refused for {Client}: too many failed logons", session.Connection.Id, session.Connection.ClientAddress);
                await session.ReplyAsync(530, "Login incorrect. Too many failed logons from your address; wait a few minutes.", ct).ConfigureAwait(false);
                return;
            default:
                session.Logger.LogWarning("FTP session {Session}: failed logon as {User} from {Client}", session.Connection.Id, FtpSession.Printable(user), session.Connection.ClientAddress);
                await session.ReplyAsync(530, "Login incorrect.", ct).ConfigureAwait(false);
                return;
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
        await session.ReplyAsync(221, "Goodbye.", ct).ConfigureAwait(false);
    }
}
