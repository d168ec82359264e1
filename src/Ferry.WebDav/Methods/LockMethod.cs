using System.Xml;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Storage;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// LOCK (RFC 4918 9.10): takes an exclusive or shared write lock in the shared lock table, at
/// Depth 0 or infinity, for the signed-in account; or, without a body, refreshes the lock its If
/// header names. A LOCK on an unmapped URL makes an empty file there (7.3: lock-null resources are
/// gone from WebDAV), which stays when the lock ends.
/// </summary>
public sealed class LockMethod : IDavMethod
{
    private const string LockTokenHeader = "Lock-Token";

    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        // RFC 4918 9.10.3: 0 or infinity (the default); 1 is no lock depth.
        var depth = DepthHeader.Parse(http.Request) ?? DavDepth.Infinity;
        if (depth is not (DavDepth.Zero or DavDepth.Infinity))
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest, "LOCK takes Depth 0 or infinity (the default).").ConfigureAwait(false);
            return;
        }

        var timeout = LockHeaders.ParseTimeout(http.Request.Headers["Timeout"]);
        if (await ReadBodyAsync(request).ConfigureAwait(false) is not { } body)
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status413PayloadTooLarge, $"A LOCK body may hold at most {request.Options.MaxXmlBodyBytes} bytes.").ConfigureAwait(false);
            return;
        }

        if (body.Length == 0)
        {
            await RefreshAsync(request, timeout).ConfigureAwait(false);
            return;
        }

        if (!LockInfo.TryParse(body, request.Options, out var info, out var problem))
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return;
        }

        await TakeAsync(request, info, depth == DavDepth.Zero ? LockDepth.Zero : LockDepth.Infinity, timeout).ConfigureAwait(false);
    }

    private static async Task TakeAsync(DavRequest request, LockInfo info, LockDepth depth, TimeSpan timeout)
    {
        var http = request.Http;
        var path = request.Path;
        var stat = await request.Files.StatAsync(path, request.Aborted).ConfigureAwait(false);
        if (!stat.Ok && stat.Error != FileError.NotFound)
        {
            http.Response.StatusCode = DavStatus.For(stat.Error);
            return;
        }

        // A lock keeps others from writing, so only an account that may write here may take one.
        if ((request.Grant.Files.PermissionsFor(path) & Permissions.Write) == 0)
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status403Forbidden, "This account may not write here, so it may not lock here either.").ConfigureAwait(false);
            return;
        }

        var exists = stat.Ok;
        if (!exists && await RefuseNewMemberAsync(request).ConfigureAwait(false))
        {
            return;
        }

        var taken = await request.Locks.TakeAsync(new LockRequest(request.TargetFor(path), info.Scope, depth, request.AccountName, timeout, info.OwnerXml), request.Aborted).ConfigureAwait(false);
        switch (taken.Outcome)
        {
            case LockOutcome.Conflict:
                await RefuseConflictAsync(request, taken.Conflicts).ConfigureAwait(false);
                return;
            case LockOutcome.TooManyLocks:
                await WebDavServer.PlainAsync(http, StatusCodes.Status503ServiceUnavailable,
                    "This account holds as many locks as the server allows; unlock some (or let them expire) first.").ConfigureAwait(false);
                return;
        }

        var granted = taken.Lock!;
        if (!exists)
        {
            var created = await CreateEmptyFileAsync(request).ConfigureAwait(false);
            if (created is not (FileError.None or FileError.Exists))
            {
                await request.Locks.ReleaseAsync(granted.Root, granted.Token, granted.Owner, CancellationToken.None).ConfigureAwait(false);
                http.Response.StatusCode = DavStatus.For(created);
                return;
            }

            // Exists: another client made it meanwhile; the lock was taken first, so it covers what is there.
            exists = created == FileError.Exists;
        }

        http.Response.Headers[LockTokenHeader] = $"<{granted.Token}>";
        await SendLockAsync(request, exists ? StatusCodes.Status200OK : StatusCodes.Status201Created, granted).ConfigureAwait(false);
    }

    /// <summary>
    /// A new file changes its folder's membership: the folder must exist (409 otherwise, as for PUT)
    /// and no lock on it may forbid the change (423). True when the request was answered.
    /// </summary>
    private static async Task<bool> RefuseNewMemberAsync(DavRequest request)
    {
        var parent = request.Path.Parent;
        var folder = await request.Files.StatAsync(parent, request.Aborted).ConfigureAwait(false);
        if (folder is not { Ok: true, Value.IsDirectory: true })
        {
            await WebDavServer.PlainAsync(request.Http, StatusCodes.Status409Conflict, "The folder to create the locked file in does not exist.").ConfigureAwait(false);
            return true;
        }

        if (await WriteGuard.CheckWriteAsync(request, parent, LockDepth.Zero).ConfigureAwait(false) is { } refused)
        {
            request.Http.Response.StatusCode = refused;
            await WriteGuard.WriteRefusalAsync(request).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Makes the empty file an unmapped URL's lock stands on; never replaces one that appeared meanwhile.</summary>
    private static async Task<FileError> CreateEmptyFileAsync(DavRequest request)
    {
        var opened = await request.Files.OpenWriteAsync(request.Path, WriteMode.CreateNew, 0, request.Aborted).ConfigureAwait(false);
        if (!opened.Ok)
        {
            return opened.Error;
        }

        await using var upload = opened.Value!;
        try
        {
            await upload.CommitAsync(request.Aborted).ConfigureAwait(false);
            return FileError.None;
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
        {
            return error;
        }
    }

    /// <summary>
    /// A LOCK without a body refreshes the lock named in its If header (RFC 4918 9.10.2) with the
    /// Timeout asked for. The server has already found that the If header holds, so a token that
    /// covers this resource is there; only its owner may refresh it.
    /// </summary>
    private static async Task RefreshAsync(DavRequest request, TimeSpan timeout)
    {
        var http = request.Http;
        var tokens = WriteGuard.SubmittedTokens(request);
        if (tokens.Count == 0)
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest,
                "A LOCK without a body refreshes a lock: name its token in an If header, or send a lockinfo body for a new lock.").ConfigureAwait(false);
            return;
        }

        var key = request.KeyFor(request.Path);
        foreach (var token in tokens)
        {
            if (await request.Locks.RefreshAsync(key, token, request.AccountName, timeout, request.Aborted).ConfigureAwait(false) is { } refreshed)
            {
                await SendLockAsync(request, StatusCodes.Status200OK, refreshed).ConfigureAwait(false);
                return;
            }
        }

        var covering = await request.Locks.FindAsync(key, LockDepth.Zero, request.Aborted).ConfigureAwait(false);
        if (covering.Any(held => tokens.Contains(held.Token)))
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status403Forbidden, "That lock belongs to another account; only its owner may refresh it.").ConfigureAwait(false);
            return;
        }

        await WebDavServer.PlainAsync(http, StatusCodes.Status412PreconditionFailed, "No lock named in the If header covers this resource.").ConfigureAwait(false);
    }

    /// <summary>423 with no-conflicting-lock naming the root of each lock in the way (RFC 4918 16).</summary>
    private static async Task RefuseConflictAsync(DavRequest request, IReadOnlyList<ActiveLock> conflicts)
    {
        var hrefs = new List<string>(conflicts.Count);
        foreach (var held in conflicts)
        {
            hrefs.Add(await LockXml.RootHrefAsync(request, held.Root).ConfigureAwait(false) ?? request.Href(Ferry.Core.Paths.VfsPath.Root, isCollection: true));
        }

        await DavErrorXml.WriteAsync(request.Http, StatusCodes.Status423Locked, "no-conflicting-lock", hrefs.Distinct(StringComparer.Ordinal)).ConfigureAwait(false);
    }

    /// <summary>The response body of a granted or refreshed lock: the lockdiscovery property holding that lock (RFC 4918 9.10.1).</summary>
    private static async Task SendLockAsync(DavRequest request, int status, ActiveLock held)
    {
        using var body = new MemoryStream();
        await using (var writer = XmlWriter.Create(body, DavXml.WriterSettings))
        {
            await writer.WriteStartDocumentAsync().ConfigureAwait(false);
            await writer.WriteStartElementAsync("D", "prop", DavXml.Namespace).ConfigureAwait(false);
            await LockXml.WriteLockDiscoveryAsync(writer, request, [held]).ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndDocumentAsync().ConfigureAwait(false);
        }

        await DavErrorXml.SendAsync(request.Http, status, body).ConfigureAwait(false);
    }

    /// <summary>The request body, or null when it is longer than <see cref="WebDavOptions.MaxXmlBodyBytes"/> (read no further).</summary>
    private static async Task<byte[]?> ReadBodyAsync(DavRequest request)
    {
        var limit = request.Options.MaxXmlBodyBytes;
        var http = request.Http;
        if (http.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, request.Aborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
