using Ferry.Core.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Transport;

/// <summary>
/// A client that writes a request's headers and its body apart, with Nagle's algorithm on (lftp's
/// PUT), holds the body until the headers are acknowledged; after the answers to its earlier
/// requests Linux acknowledges them only when its 40 ms delayed-ACK timer fires
/// (<see cref="TcpAcknowledgements"/>). Before a method reads a body the connection acknowledges
/// what it has. A request without a body sends nothing extra: its answer carries the ACK.
/// </summary>
internal static class RequestBodyAcknowledgement
{
    public static void BeforeBody(HttpContext http)
    {
        var request = http.Request;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody && http.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            TcpAcknowledgements.SendPromptly(socket);
        }
    }
}
