using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Ferry.WebDav.Transport;

/// <summary>
/// Kestrel connection middleware for the plain-HTTP WebDAV listener: when the connection is a socket
/// (Kestrel's socket transport offers it), its output goes through a <see cref="KernelSendConnection"/>
/// and the connection offers <see cref="IKernelFileSend"/>, so GET sends local files with sendfile
/// (one copy of every byte fewer than reading them into Kestrel's buffers, and no user-space copy at
/// all). Kestrel's own SendFileAsync does not: it copies through a FileStream, and opens the file again
/// by path, outside the jail. Not for TLS: the bytes must be encrypted in the process.
/// </summary>
public sealed class KernelSendMiddleware
{
    /// <summary>
    /// Placeholder memory for every connection's file regions: the size of a piece, allocated once.
    /// Never read nor sent, so connections share it (what they write there, if anything, is garbage).
    /// </summary>
    private readonly byte[] _scratch = GC.AllocateUninitializedArray<byte>(KernelSendConnection.PieceBytes);

    /// <summary>For <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectionAsync(connection, next);

    private async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var pool = context.Features.Get<IMemoryPoolFeature>()?.MemoryPool ?? System.Buffers.MemoryPool<byte>.Shared;
        var transport = context.Transport;
        var connection = new KernelSendConnection(socket, transport, pool, _scratch,
            error => context.Abort(new ConnectionAbortedException("Sending the response failed.", error)));
        context.Transport = connection;
        context.Features.Set<IKernelFileSend>(connection);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // All of the output sent before Kestrel's transport is told the output is done (and
            // before Kestrel disposes the connection, which closes the socket).
            await connection.CompleteAsync().ConfigureAwait(false);
            context.Transport = transport;
        }
    }
}
