using Ferry.Ftp.Session;
using Ferry.Ftp.Sites;

namespace Ferry.Ftp.Commands;

/// <summary>
/// Virtual sites (RFC 7151): HOST, and IIS's <c>USER site|name</c> for clients that cannot send
/// HOST. Both work before logon only: a logged-on session's files belong to its site.
/// </summary>
internal static class SiteCommands
{
    /// <summary>A DNS name has at most 253 characters (RFC 1035); anything longer names no site.</summary>
    private const int MaxHostNameLength = 253;

    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("HOST", ArgumentRule.Required, "<host name>", "Chooses the virtual site by its host name, before logon (RFC 7151).", HostAsync, NeedsLogin: false, Feature: "HOST"),
    ];

    private static async ValueTask HostAsync(FtpSession session, string argument, CancellationToken ct)
    {
        // RFC 7151 section 3: HOST comes before USER; after a logon (or a USER) it is a bad sequence.
        if (session.LoggedIn)
        {
            await session.ReplyAsync(503, "HOST must come before logon; this session is logged on. Reconnect (or REIN) to choose another site.", ct).ConfigureAwait(false);
            return;
        }

        if (session.PendingUser is not null)
        {
            await session.ReplyAsync(503, "HOST must come before USER.", ct).ConfigureAwait(false);
            return;
        }

        var name = argument.Trim();
        if (name.Length > MaxHostNameLength || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            await session.ReplyAsync(501, "HOST takes one host name, such as ftp.example.com.", ct).ConfigureAwait(false);
            return;
        }

        var sites = session.Server.Sites;
        var site = sites.Find(name);
        if (site is null && !sites.IsEmpty && !FtpSites.IsAddressLiteral(name))
        {
            // RFC 7151: a host name the server does not serve is answered 504; the session goes on.
            await session.ReplyAsync(504, $"No site named '{FtpSession.Printable(name)}' here.", ct).ConfigureAwait(false);
            return;
        }

        // An address (the client knew no name), or any name on a server without sites: the server's default site.
        session.SelectSite(site, byHost: true);
        await session.ReplyAsync(220, session.Banner, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The account name of a USER argument, after choosing the site that <c>site|name</c> names (IIS's
    /// form; '|' cannot be part of an account name). Null when the site was refused; the reply is sent.
    /// </summary>
    public static async ValueTask<string?> TakeSiteAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var bar = argument.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return argument;
        }

        var siteName = argument[..bar].Trim();
        var site = session.Server.Sites.Find(siteName);
        if (site is null)
        {
            await session.ReplyAsync(530, $"No site named '{FtpSession.Printable(siteName)}' here.", ct).ConfigureAwait(false);
            return null;
        }

        if (session.SiteChosenByHost && !ReferenceEquals(site, session.Site))
        {
            await session.ReplyAsync(530, $"HOST chose the site {session.Site?.Name ?? "(default)"}; USER cannot name another.", ct).ConfigureAwait(false);
            return null;
        }

        if (!ReferenceEquals(site, session.Site))
        {
            session.SelectSite(site, byHost: false);
        }

        return argument[(bar + 1)..].Trim();
    }
}
