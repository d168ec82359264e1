using System.Net;
using Ferry.Core.Access;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Auth;

/// <summary>
/// Signs a request's Basic credentials in through the shared access service: the same accounts,
/// password checks, ban list and session limits as FTP. A keep-alive connection is one session; its
/// grant is kept on the connection and reused while the client sends the same Authorization header,
/// so 2,000 requests on one connection cost one password check, not 2,000.
/// </summary>
/// <param name="access">The server's own accounts and files.</param>
/// <param name="sites">The virtual site a Host name names, if any: its accounts and files instead.</param>
public sealed class DavLogon(AccessService access, Func<string, AccessService?>? sites = null)
{
    public const string ProtocolName = "webdav";

    /// <summary>What the logon gave: a grant, or the refusal and whether a challenge should follow.</summary>
    public async ValueTask<LogonOutcome> SignInAsync(HttpContext http, IPAddress client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        string? header = http.Request.Headers.Authorization;
        if (header is null)
        {
            return LogonOutcome.Challenge;
        }

        // The Host header chooses the virtual site, as FTP's HOST does; any other name gets the server's own.
        var site = sites?.Invoke(http.Request.Host.Host);
        var chosen = site ?? access;

        // The header this connection signed in with, sent again (every request of a keep-alive
        // client): the kept grant, before any decoding of the header.
        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(typeof(DavLogon), out var kept) == true && kept is KeptGrant held && held.Header == header && ReferenceEquals(held.Access, chosen))
        {
            NoteSite(http, site);
            return held.Outcome;
        }

        if (!BasicCredentials.TryParse(header, out var credentials))
        {
            return LogonOutcome.Challenge;
        }

        NoteSite(http, site);

        var session = http.Features.Get<SessionEntryFeature>()?.Session;
        var ownSession = false;
        if (session is null)
        {
            // No connection middleware took a slot (a test host): one session for this request.
            if (!chosen.Sessions.TryOpen(ProtocolName, client, out session, out _))
            {
                return new LogonOutcome(null, AccessRefusal.TooManySessions);
            }

            ownSession = true;
            http.Response.RegisterForDispose(session);
        }

        var channel = new AccessChannel(ProtocolName, client, http.Request.IsHttps);
        var result = await chosen.SignInAsync(new AccessRequest(credentials.UserName, credentials.Password, channel), session, cancellationToken).ConfigureAwait(false);
        if (!result.Granted)
        {
            return new LogonOutcome(null, result.Refusal);
        }

        var outcome = new LogonOutcome(result.Grant, null);
        if (items is not null && !ownSession)
        {
            items[typeof(DavLogon)] = new KeptGrant(header, chosen, outcome);
        }

        return outcome;
    }

    /// <summary>The site a signed-in request's Host chose, for the audit log.</summary>
    private static void NoteSite(HttpContext http, AccessService? site)
    {
        if (site?.Site is { } siteName)
        {
            http.Items[SiteItem] = siteName;
        }
    }

    /// <summary>The key under which a request's <see cref="HttpContext.Items"/> hold the name of the site its Host chose.</summary>
    public static object SiteItem { get; } = new();

    private sealed record KeptGrant(string Header, AccessService Access, LogonOutcome Outcome);
}

/// <summary>A grant, or why not (null refusal and null grant: no usable credentials were sent).</summary>
public sealed record LogonOutcome(AccessGrant? Grant, AccessRefusal? Refusal)
{
    public static LogonOutcome Challenge { get; } = new(null, null);
}
