using System.Net;
using System.Text;
using Ferry.Core.Access;
using Microsoft.AspNetCore.Connections;

namespace Ferry.Serving;

/// <summary>
/// Kestrel connection middleware in front of the FTP handler (and of <see cref="SessionLimitMiddleware"/>):
/// a connection from an address the server's rules refuse (Access:AllowFrom, Access:DenyFrom) gets
/// the protocol's refusal line and is closed before the banner, without taking a session slot.
/// The rules are read for each connection, so a reload's new rules count from the next one.
/// </summary>
/// <param name="refusalLine">What the protocol says before the close (FTP: "421 sentence\r\n").</param>
public sealed class AddressFilterMiddleware(AccessService access, string protocol, string refusalLine, ILogger logger)
{
    /// <summary>For <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectionAsync(connection, next);

    private async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (connection.RemoteEndPoint is not IPEndPoint remote || access.Admits(remote.Address))
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        // Information, not a warning: the rules did what the administrator asked; a scan would flood warnings.
        logger.LogInformation("Refused {Protocol} connection from {Client}: the address is not admitted (Access:AllowFrom, Access:DenyFrom)",
            protocol.ToUpperInvariant(), Core.Net.ClientAddress.Normalize(remote.Address));
        try
        {
            await connection.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes(refusalLine)).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client left before reading why: nothing more to tell it.
        }
    }
}
