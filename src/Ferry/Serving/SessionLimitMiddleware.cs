using System.Net;
using System.Text;
using Ferry.Core.Access;
using Microsoft.AspNetCore.Connections;

namespace Ferry.Serving;

/// <summary>
/// Kestrel connection middleware in front of a protocol's handler: takes a slot in the shared
/// session registry (total and per address, checked and taken in one step) or answers the
/// protocol's refusal line and closes; the slot is given back when the connection ends. Kestrel's
/// own connection limit would close silently.
/// </summary>
/// <param name="protocol">The protocol's name in the registry ("ftp").</param>
/// <param name="refusalLine">What the protocol says before a refused connection closes (FTP: "421 sentence\r\n").</param>
public sealed class SessionLimitMiddleware(SessionRegistry sessions, string protocol, Func<SessionRefusal, string> refusalLine, ILogger logger)
{
    /// <summary>For <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectionAsync(connection, next);

    private async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (connection.RemoteEndPoint is not IPEndPoint remote)
        {
            // Not a network peer (a test transport): nothing to count; the handler decides.
            await next(connection).ConfigureAwait(false);
            return;
        }

        if (!sessions.TryOpen(protocol, remote.Address, out var session, out var refusal))
        {
            logger.LogWarning("Refused {Protocol} connection from {Client}: the {Limit} limit of {Allowed} is reached",
                protocol.ToUpperInvariant(), Core.Net.ClientAddress.Normalize(remote.Address), Describe(refusal.Limit), refusal.Allowed);
            try
            {
                await connection.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes(refusalLine(refusal))).ConfigureAwait(false);
                await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The client left before reading why: nothing more to tell it.
            }

            return;
        }

        using (session)
        {
            // Until the protocol says how it ends a session (FTP: 421 and a sentence), an administrator's
            // disconnect closes the connection; a WebDAV client sees it as a dropped keep-alive connection.
            session.OnCloseRequested(reason =>
            {
                connection.Abort(new ConnectionAbortedException(reason));
                return Task.CompletedTask;
            });
            connection.Features.Set(new SessionEntryFeature(session));
            await next(connection).ConfigureAwait(false);
        }
    }

    private static string Describe(SessionLimit limit) => limit switch
    {
        SessionLimit.Total => "total",
        SessionLimit.PerAddress => "per-address",
        _ => "per-account",
    };
}
