using Ferry.Core.Access;
using Ferry.Core.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace Ferry.WebDav.Transport;

/// <summary>
/// A connection feature of a plain-HTTP connection whose bytes Ferry sends itself
/// (<see cref="KernelSendMiddleware"/>): a response body can come from a local file through the
/// kernel (sendfile), without passing through the process's memory. Kestrel still frames the
/// response: it is told the body's bytes are written (so it counts them toward Content-Length), but
/// they never reach the wire; the send loop puts the file's bytes there in their place.
/// Found through <c>HttpContext.Features</c>, which falls back to the connection's features.
/// Absent over TLS (no kernel TLS here, the bytes must be encrypted in the process).
/// </summary>
public interface IKernelFileSend
{
    /// <summary>
    /// Whether this connection's sending threads wait for a processor: a GET that copies a file to a
    /// client on this machine counts what it sends into it, and sends the rest by the kernel once it
    /// says contended (the copy spares the client's CPU, sendfile the server's). Kept for the
    /// connection, so a keep-alive client's next download starts the way the last one ended.
    /// </summary>
    CpuContention Contention { get; }

    /// <summary>
    /// Sends the response's headers, then <paramref name="count"/> bytes of <paramref name="file"/>
    /// from <paramref name="offset"/> as the rest of its body, after the <paramref name="written"/>
    /// bytes of it already written. The response must have a Content-Length of exactly
    /// <paramref name="written"/> plus <paramref name="count"/> (never chunked). Returns the count once the kernel has sent
    /// all of it; fewer when the file ended early, the send failed or the client went away, in
    /// which case the connection is already aborted (a short body must not pass for the whole file).
    /// </summary>
    /// <param name="file">Opened for asynchronous I/O (what <c>ISendableFile</c> promises); the caller owns it and keeps it open until this returns.</param>
    Task<long> SendFileAsync(HttpResponse response, SafeFileHandle file, long offset, long count, long written, TransferProgress? progress, CancellationToken cancellationToken);
}
