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
public sealed class DavLogon(AccessService access)
{
    public const string ProtocolName = "webdav";

    /// <summary>What the logon gave: a grant, or the refusal and whether a challenge should follow.</summary>
    public async ValueTask<LogonOutcome> SignInAsync(HttpContext http, IPAddress client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        string? header = http.Request.Headers.Authorization;
        if (!BasicCredentials.TryParse(header, out var credentials))
        {
            return LogonOutcome.Challenge;
        }

        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(typeof(DavLogon), out var kept) == true && kept is KeptGrant held && held.Header == header)
        {
            return new LogonOutcome(held.Grant, null);
        }

        var session = http.Features.Get<SessionEntryFeature>()?.Session;
        var ownSession = false;
        if (session is null)
        {
            // No connection middleware took a slot (a test host): one session for this request.
            if (!access.Sessions.TryOpen(ProtocolName, client, out session, out _))
            {
                return new LogonOutcome(null, AccessRefusal.TooManySessions);
            }

            ownSession = true;
            http.Response.RegisterForDispose(session);
        }

        var channel = new AccessChannel(ProtocolName, client, http.Request.IsHttps);
        var result = await access.SignInAsync(new AccessRequest(credentials.UserName, credentials.Password, channel), session, cancellationToken).ConfigureAwait(false);
        if (!result.Granted)
        {
            return new LogonOutcome(null, result.Refusal);
        }

        if (items is not null && !ownSession)
        {
            items[typeof(DavLogon)] = new KeptGrant(header!, result.Grant);
        }

        return new LogonOutcome(result.Grant, null);
    }

    private sealed record KeptGrant(string Header, AccessGrant Grant);
}

/// <summary>A grant, or why not (null refusal and null grant: no usable credentials were sent).</summary>
public sealed record LogonOutcome(AccessGrant? Grant, AccessRefusal? Refusal)
{
    public static LogonOutcome Challenge { get; } = new(null, null);
}
