using System.Globalization;
using System.Net;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Net;
using Ferry.Ftp;
using Ferry.Ftp.Session;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Ferry.Serving;

/// <summary>
/// Kestrel hands every accepted FTP control connection here, after <see cref="SessionLimitMiddleware"/>
/// admitted it and took its registry slot; the session then runs over the connection's duplex pipe.
/// </summary>
public sealed class FtpConnectionHandler(FtpServerContext server, FerrySettings settings) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is not IPEndPoint remote || connection.LocalEndPoint is not IPEndPoint local)
        {
            return;
        }

        var registration = connection.Features.Get<SessionEntryFeature>()?.Session
            ?? throw new InvalidOperationException("The session limit middleware must run before the FTP handler on every FTP endpoint.");

        // The registry's id, so that log lines and the session list name a session alike.
        var id = registration.Id.ToString("x", CultureInfo.InvariantCulture);

        // On the implicit port Kestrel's TLS middleware has run the handshake before this handler.
        var handshake = connection.Features.Get<ITlsHandshakeFeature>();
        var implicitTls = handshake is not null;

        // Its server name (SNI) chose the certificate, and chooses the virtual site.
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        var info = new FtpConnectionInfo(id, remote, local)
        {
            ImplicitTls = implicitTls,
            ServerName = string.IsNullOrEmpty(handshake?.HostName) ? null : handshake.HostName,
            AcknowledgePromptly = socket is null ? null : () => TcpAcknowledgements.SendPromptly(socket),
        };
        var session = new FtpSession(connection.Transport, info, registration, server);
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        // Kestrel asks each connection to close at shutdown: answer 421 now (after running transfers
        // had their grace) instead of a reset when the shutdown timeout runs out.
        using var closing = lifetime?.ConnectionClosedRequested.Register(() => _ = session.ShutdownAsync(settings.ShutdownGrace, server.Time));
        await session.RunAsync(connection.ConnectionClosed).ConfigureAwait(false);
    }
}
