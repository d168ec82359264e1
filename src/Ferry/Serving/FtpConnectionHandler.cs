using System.Net;
using System.Text;
using Ferry.Configuration;
using Ferry.Core.Net;
using Ferry.Ftp;
using Ferry.Ftp.Session;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Ferry.Serving;

/// <summary>
/// Kestrel hands every accepted FTP control connection here. Limits are answered with 421 and a
/// sentence (Kestrel's own limit would close silently); then the session runs over the
/// connection's duplex pipe.
/// </summary>
public sealed class FtpConnectionHandler(FtpServerContext server, FerrySettings settings, ILogger<FtpConnectionHandler> logger) : ConnectionHandler
{
    private long _nextId;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is not IPEndPoint remote || connection.LocalEndPoint is not IPEndPoint local)
        {
            return;
        }

        var limits = settings.Limits;
        var client = ClientAddress.Normalize(remote.Address);
        var refusal = server.Sessions.Count >= limits.MaxConnections
            ? $"Too many connections: the server allows {limits.MaxConnections} at once. Try again later."
            : server.Sessions.CountFor(client) >= limits.MaxConnectionsPerAddress
                ? $"Too many connections from your address ({limits.MaxConnectionsPerAddress} allowed). Close some and try again."
                : null;
        if (refusal is not null)
        {
            logger.LogWarning("Refused FTP connection from {Client}: {Reason}", client, refusal);
            await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes($"421 {refusal}\r\n")).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            return;
        }

        var id = Interlocked.Increment(ref _nextId).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        // On the implicit port Kestrel's TLS middleware has run the handshake before this handler.
        var implicitTls = connection.Features.Get<ITlsHandshakeFeature>() is not null;
        var session = new FtpSession(connection.Transport, new FtpConnectionInfo(id, remote, local) { ImplicitTls = implicitTls }, server);
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        // Kestrel asks each connection to close at shutdown: answer 421 now (after running transfers
        // had their grace) instead of a reset when the shutdown timeout runs out.
        using var registration = lifetime?.ConnectionClosedRequested.Register(() => _ = session.ShutdownAsync(settings.ShutdownGrace, server.Time));
        await session.RunAsync(connection.ConnectionClosed).ConfigureAwait(false);
    }
}
