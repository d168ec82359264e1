using System.Net.Sockets;
using Ferry.Testing;
using Ferry.WebDav.Transport;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Tests;

public sealed class RequestBodyAcknowledgementTests
{
    // Linux's <netinet/tcp.h>: reading TCP_QUICKACK tells whether the socket is out of TCP's
    // interactive ("ping-pong") mode, the one that holds an ACK for the 40 ms timer; writing 0 puts it there.
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    [SkippableTheory]
    [InlineData("10", null, true)]
    [InlineData(null, "chunked", true)]
    [InlineData(null, null, false)]
    [InlineData("0", null, false)]
    public async Task Only_a_request_with_a_body_to_come_takes_the_connection_out_of_delayed_acknowledgements(string? contentLength, string? transferEncoding, bool acknowledges)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TCP_QUICKACK is Linux's");
        using var sockets = await LoopbackSockets.ConnectAsync();
        var server = sockets.Server;
        server.SetRawSocketOption(IpProtoTcp, TcpQuickAck, BitConverter.GetBytes(0));
        Assert.Equal(0, QuickAck(server));

        var http = new DefaultHttpContext();
        http.Features.Set<IConnectionSocketFeature>(new SocketFeature(server));
        http.Request.Method = "PUT";
        if (contentLength is not null)
        {
            http.Request.ContentLength = long.Parse(contentLength, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (transferEncoding is not null)
        {
            http.Request.Headers.TransferEncoding = transferEncoding;
        }

        RequestBodyAcknowledgement.BeforeBody(http);

        Assert.Equal(acknowledges ? 1 : 0, QuickAck(server));
    }

    private static int QuickAck(Socket socket)
    {
        var value = new byte[4];
        socket.GetRawSocketOption(IpProtoTcp, TcpQuickAck, value);
        return BitConverter.ToInt32(value);
    }

    private sealed class SocketFeature(Socket socket) : IConnectionSocketFeature
    {
        public Socket Socket => socket;
    }
}
