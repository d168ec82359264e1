using Ferry.Core.Diagnostics;
using Ferry.Core.Files;
using Ferry.Core.Net;
using Ferry.Core.Storage;
using Ferry.WebDav.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Ferry.WebDav.Methods;

/// <summary>
/// GET and HEAD. A file is sent with its validators (strong ETag, Last-Modified), honours the HTTP
/// preconditions (304, 412) and a single byte range (206, 416). Over plain HTTP a local file larger than
/// the storage's small-read size is sent by the kernel (sendfile, through the connection's
/// <see cref="IKernelFileSend"/>: no copy of its bytes in the process); otherwise it is read from the
/// storage straight into the response's buffers (<see cref="StreamCopy.SendAsync"/>). (Kestrel's
/// SendFileAsync copies through a FileStream and takes a path, which would open the file again outside
/// the jail, so it is not used.) A collection gets an HTML listing. HEAD answers the same status and
/// headers without the body.
/// </summary>
public sealed class GetMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A whole file (no Range) is opened first and described from the open file: one open instead
        // of a look-up by name and then an open (three system calls and an entry fewer per small GET),
        // and the validators are those of the bytes sent. Anything else (a folder, a missing file, a
        // right missing, a range) goes the usual way below, which answers as it always did.
        if (StringValues.IsNullOrEmpty(request.Http.Request.Headers.Range)
            && await request.Files.TryOpenDescribedAsync(request.Path, request.Aborted).ConfigureAwait(false) is var (handle, described))
        {
            await using (handle.ConfigureAwait(false))
            {
                if (!AnsweredByPreconditions(request, described))
                {
                    await SendOpenedAsync(request, described, handle, new ByteRange(0, described.Length, RangeKind.Whole)).ConfigureAwait(false);
                }

                return;
            }
        }

        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (!stat.Ok)
        {
            // A path through a file ("a.txt/b") names nothing, for a reader as for anyone.
            await DavAnswers.FailedAsync(request, stat.Error, stat.Error == FileError.NotADirectory ? StatusCodes.Status404NotFound : DavStatus.For(stat.Error)).ConfigureAwait(false);
            return;
        }

        var entry = stat.Value!;
        if (AnsweredByPreconditions(request, entry))
        {
            return;
        }

        if (entry.IsDirectory)
        {
            await ListAsync(request).ConfigureAwait(false);
        }
        else
        {
            await SendFileAsync(request, entry).ConfigureAwait(false);
        }
    }

    /// <summary>A failed precondition answered (304 or 412, with the entry's validators); false when the request goes on.</summary>
    private static bool AnsweredByPreconditions(DavRequest request, FileEntry entry)
    {
        if (HttpPreconditions.Evaluate(request.Http.Request, entry) is not { } refused)
        {
            return false;
        }

        WriteValidators(request.Http.Response, entry);
        DavAnswers.Status(request, refused);
        return true;
    }

    private static async Task SendFileAsync(DavRequest request, FileEntry entry)
    {
        var http = request.Http;
        var range = HttpPreconditions.RangeApplies(http.Request, entry)
            ? ByteRange.Pick(http.Request.Headers.Range.ToString(), entry.Length)
            : new ByteRange(0, entry.Length, RangeKind.Whole);
        var response = http.Response;
        if (range.Kind == RangeKind.Unsatisfiable)
        {
            WriteValidators(response, entry);
            response.Headers.ContentRange = $"bytes */{entry.Length}";
            DavAnswers.Status(request, StatusCodes.Status416RangeNotSatisfiable);
            return;
        }

        // Opened for HEAD too: HEAD answers what GET would, 403 without Read included.
        var opened = await request.Files.OpenReadAsync(request.Path, range.Start, request.Aborted).ConfigureAwait(false);
        if (!opened.Ok)
        {
            await DavAnswers.FailedAsync(request, opened.Error).ConfigureAwait(false);
            return;
        }

        await using var read = opened.Value!;
        await SendOpenedAsync(request, entry, read, range).ConfigureAwait(false);
    }

    /// <summary>The answer for an opened file whose range is known to be satisfiable: validators, headers, then the bytes (not for HEAD).</summary>
    private static async Task SendOpenedAsync(DavRequest request, FileEntry entry, IReadHandle read, ByteRange range)
    {
        var http = request.Http;
        var response = http.Response;
        WriteValidators(response, entry);
        var contentType = Properties.ContentTypes.For(entry.Name);
        response.ContentType = contentType;

        // The type comes from the name; a browser must not guess another from the bytes (a .txt that
        // looks like HTML would run as a page on this origin, with the user's credentials).
        response.Headers.XContentTypeOptions = "nosniff";
        // And a file that IS a page (.html, .svg, XML) must not run as this origin either: its scripts
        // could send WebDAV requests with the credentials the browser keeps for it (one account's upload
        // deleting another's files). A sandbox still shows it, with no script and an origin of its own.
        // Other types get none: they run no script here, and a sandboxed PDF does not open in some viewers.
        if (Properties.ContentTypes.IsActiveDocument(contentType))
        {
            response.Headers.ContentSecurityPolicy = "sandbox";
        }
        response.ContentLength = range.Length;
        if (range.Kind == RangeKind.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{entry.Length}";
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        if (HttpMethods.IsHead(http.Request.Method) || range.Length == 0)
        {
            return;
        }

        // Shown in the session list while it runs, counted in the metrics when it ends.
        var progress = request.Session?.BeginTransfer(request.Path.Value, TransferDirection.Download);
        var result = TransferResult.Aborted;
        try
        {
            // Over plain HTTP a local file goes through the kernel (sendfile), Kestrel framing the
            // response; over TLS, from another storage, for a small file (the storage offers no
            // sendable facet for one: a positioned read into the response costs less), or to a client
            // on this machine when the options say so (LocalPeer says why) and the server's processor
            // is not contended, it is read into the response's buffers.
            if (range.Length > SocketThreads.SmallSendBytes)
            {
                // Reading a large file may wait for the disk: not on a socket thread other connections share.
                await SocketThreads.ToPool();
            }

            var sendable = read.GetFacet<ISendableFile>();
            var kernel = sendable is null ? null : http.Features.Get<IKernelFileSend>();
            var sent = 0L;
            var copies = kernel is null || (CopiesToThisMachine(request) && !kernel.Contention.Contended);
            if (copies)
            {
                // Copied while the server has a processor to spare (the copy spares a client on this
                // machine CPU); once the connection's threads wait for one, the rest by the kernel,
                // which costs the server less (docs/performance.md, "What each change bought", has the figures).
                sent = await StreamCopy.SendAsync(read, response, range.Length, request.Aborted, progress, kernel?.Contention).ConfigureAwait(false);
            }

            if (kernel is not null && sent < range.Length && (!copies || kernel.Contention.Contended))
            {
                sent += await kernel.SendFileAsync(response, sendable!.File, read.Offset + sent, range.Length - sent, sent, progress, request.Aborted).ConfigureAwait(false);
            }

            if (sent < range.Length)
            {
                // The file shrank after its length was announced: a short body would be taken for the
                // whole file, so the connection is cut and the client sees a failed transfer.
                http.Abort();
                result = TransferResult.Failed;
                return;
            }

            result = TransferResult.Ok;
        }
        finally
        {
            progress?.End(result);
        }
    }

    /// <summary>
    /// Whether a file the kernel could send goes to this client as a copy instead: a client on this
    /// machine, when the options say so (<see cref="LocalPeer"/> says why). Asked only for such a
    /// file, so that a small GET, which the kernel never sends, does not compare addresses.
    /// </summary>
    private static bool CopiesToThisMachine(DavRequest request) =>
        request.Options.CopyToLocalClients
        && request.Http.Connection is { LocalIpAddress: { } local, RemoteIpAddress: { } remote }
        && LocalPeer.Is(local, remote);

    private static async Task ListAsync(DavRequest request)
    {
        // A folder of any size is read and formatted here: not on a socket thread other connections share.
        await SocketThreads.ToPool();
        var listed = await request.Files.ListAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (!listed.Ok)
        {
            await DavAnswers.FailedAsync(request, listed.Error).ConfigureAwait(false);
            return;
        }

        var entries = new List<FileEntry>();
        await foreach (var entry in listed.Value!.WithCancellation(request.Aborted).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = CollectionListing.ContentType;
        if (HttpMethods.IsHead(request.Http.Request.Method))
        {
            return;
        }

        await CollectionListing.WriteAsync(request, CollectionListing.Order(entries), response.Body).ConfigureAwait(false);
    }

    /// <summary>ETag and Last-Modified (and Accept-Ranges), also on 304, 412 and 416, so a cache can update what it holds.</summary>
    private static void WriteValidators(HttpResponse response, FileEntry entry)
    {
        if (entry.IsDirectory)
        {
            return;
        }

        response.Headers.ETag = EntityTags.For(entry);
        response.Headers.LastModified = HeaderUtilities.FormatDate(entry.LastModified);
        response.Headers.AcceptRanges = "bytes";
    }
}
