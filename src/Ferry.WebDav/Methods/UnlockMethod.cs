using Ferry.Core.Access.Locks;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// UNLOCK (RFC 4918 9.11): ends the lock its Lock-Token header names, when that lock covers the
/// request URI and belongs to the signed-in account. A file a LOCK created stays.
/// </summary>
public sealed class UnlockMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        if (!LockHeaders.TryParseLockToken(http.Request.Headers["Lock-Token"], out var token))
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest, "UNLOCK needs a Lock-Token header: the lock's token in angle brackets.").ConfigureAwait(false);
            return;
        }

        var key = request.KeyFor(request.Path);
        var covering = await request.Locks.FindAsync(key, LockDepth.Zero, request.Aborted).ConfigureAwait(false);
        var held = covering.FirstOrDefault(candidate => candidate.Token == token);
        if (held is null)
        {
            await DavErrorXml.WriteAsync(http, StatusCodes.Status409Conflict, "lock-token-matches-request-uri", []).ConfigureAwait(false);
            return;
        }

        if (!held.IsOwnedBy(request.AccountName))
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status403Forbidden, "That lock belongs to another account; only its owner may unlock it.").ConfigureAwait(false);
            return;
        }

        // False only when the lock ended between the lookup and now (it expired or its owner unlocked it).
        http.Response.StatusCode = await request.Locks.ReleaseAsync(key, token, request.AccountName, request.Aborted).ConfigureAwait(false)
            ? StatusCodes.Status204NoContent
            : StatusCodes.Status409Conflict;
    }
}
