using Ferry.Core.Access.Locks;
using Ferry.Core.Diagnostics;
using Ferry.Core.Files;
using Ferry.Core.Storage;
using Ferry.WebDav.Locking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.WebDav.Methods;

/// <summary>
/// PUT: the request body becomes the file, streamed through one pooled buffer whatever its size
/// (Content-Length or chunked; Kestrel answers Expect: 100-continue when the body is first read).
/// The upload is committed only when the whole body arrived, and aborted on any failure, so an
/// interrupted PUT never leaves a partial file nor loses the old content: over an existing file the
/// storage writes beside it and swaps on commit (where it promises AtomicReplace), and a new file
/// first appears empty (see <see cref="CreatePlaceholderAsync"/>). 201 for a new file, 204 for a
/// replaced one, both with the new ETag.
/// </summary>
public sealed class PutMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        if (http.Request.Headers.ContainsKey("Content-Range"))
        {
            // RFC 9110 14.5: a server that does not do partial PUT must refuse it, or it would store the part as the whole.
            await DavAnswers.StatusAsync(request, StatusCodes.Status400BadRequest, "PUT with Content-Range (a partial update) is not supported: send the whole file.").ConfigureAwait(false);
            return;
        }

        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        FileEntry? existing = null;
        var known = true;
        if (stat.Ok)
        {
            existing = stat.Value!;
            if (existing.IsDirectory)
            {
                await DavAnswers.NotAllowedAsync(request, DavTargets.Collection, "The URL names a collection: PUT writes files only.").ConfigureAwait(false);
                return;
            }
        }
        else if (stat.Error == FileError.Denied)
        {
            // An account that may write but not list (an upload drop): whether the file exists is not its to know.
            known = false;
        }
        else if (stat.Error is not FileError.NotFound)
        {
            await FailedAsync(request, stat.Error).ConfigureAwait(false);
            return;
        }

        if (known && HttpPreconditions.Evaluate(http.Request, existing) is { } failed)
        {
            DavAnswers.Status(request, failed);
            return;
        }

        // A drop box (an account whose uploads never replace a file) may only create: as if every
        // PUT carried If-None-Match: * (RFC 9110 13.1.2), a file that is there fails the precondition.
        var createOnly = !request.Files.MayOverwrite;
        if (createOnly && existing is not null)
        {
            await DavAnswers.StatusAsync(request, StatusCodes.Status412PreconditionFailed, NotReplaced).ConfigureAwait(false);
            return;
        }

        // A body the request filter's largest file cannot hold is refused before it is sent (413;
        // curl and others wait for 100-continue). One without Content-Length is stopped when it crosses.
        if (http.Request.ContentLength is { } announced && request.Files.CheckUploadSize(announced) is { Ok: false } tooLarge)
        {
            await DavAnswers.FailedAsync(request, tooLarge.Error).ConfigureAwait(false);
            return;
        }

        // A new file changes its parent's membership, which a lock on the parent protects too.
        var locked = await WriteGuard.CheckWriteAsync(request, request.Path, LockDepth.Zero).ConfigureAwait(false)
            ?? (existing is null ? await WriteGuard.CheckWriteAsync(request, request.Path.Parent, LockDepth.Zero).ConfigureAwait(false) : null);
        if (locked is { } lockedStatus)
        {
            DavAnswers.Status(request, lockedStatus);
            return;
        }

        // The body goes to storage, never into memory, so its size is bounded by the storage (507), not by Kestrel's 30 MB default.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        string? placeholderTag = null;

        // No placeholder for a drop box: the upload could not replace it. Its new file is written
        // where the storage writes new files (on local disk in place, so a broken PUT leaves the
        // part that arrived, as a broken STOR does; the account cannot replace or delete it).
        if (existing is null && !createOnly)
        {
            var placeholder = await CreatePlaceholderAsync(request).ConfigureAwait(false);
            if (placeholder.Error is not (FileError.None or FileError.Exists))
            {
                await FailedAsync(request, placeholder.Error).ConfigureAwait(false);
                return;
            }

            if (placeholder.Error == FileError.Exists)
            {
                // Another client created it meanwhile: this PUT replaces it, if its preconditions
                // (If-None-Match: * above all) still hold for what is there now.
                var now = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
                if (known && HttpPreconditions.Evaluate(http.Request, now.Ok ? now.Value : null) is { } nowFailed)
                {
                    DavAnswers.Status(request, nowFailed);
                    return;
                }
            }

            placeholderTag = placeholder.Value;
        }

        UploadOutcome outcome;
        try
        {
            outcome = await UploadAsync(request).ConfigureAwait(false);
        }
        catch
        {
            await RemovePlaceholderAsync(request, placeholderTag).ConfigureAwait(false);
            throw;
        }

        if (outcome.Error != FileError.None || outcome.Status != 0)
        {
            await RemovePlaceholderAsync(request, placeholderTag).ConfigureAwait(false);
            if (outcome.Status != 0)
            {
                await DavAnswers.StatusAsync(request, outcome.Status, outcome.Reason!).ConfigureAwait(false);
            }
            else if (createOnly && outcome.Error == FileError.Exists)
            {
                // Made by another client between the look and the write (or unseen by an account without List).
                await DavAnswers.StatusAsync(request, StatusCodes.Status412PreconditionFailed, NotReplaced).ConfigureAwait(false);
            }
            else
            {
                await FailedAsync(request, outcome.Error).ConfigureAwait(false);
            }

            return;
        }

        var written = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (written.Ok && EntityTags.For(written.Value!) is { } tag)
        {
            http.Response.Headers.ETag = tag;
        }

        DavAnswers.Status(request, existing is null && (placeholderTag is not null || createOnly) ? StatusCodes.Status201Created : StatusCodes.Status204NoContent);
    }

    private const string NotReplaced = "A file of that name exists, and this account's uploads never replace one: PUT it under another name.";

    /// <summary>Streams the body into a Replace upload; commits only a whole body. Status 0 and no error: committed.</summary>
    private static async Task<UploadOutcome> UploadAsync(DavRequest request)
    {
        var http = request.Http;
        var opened = await request.Files.OpenWriteAsync(request.Path, WriteMode.Replace, 0, request.Aborted).ConfigureAwait(false);
        if (!opened.Ok)
        {
            return new UploadOutcome(opened.Error, 0, null);
        }

        await using var upload = opened.Value!;

        // Shown in the session list while it runs, counted in the metrics when it ends.
        var progress = request.Session?.BeginTransfer(request.Path.Value, TransferDirection.Upload);
        var result = TransferResult.Failed;
        try
        {
            var received = await StreamCopy.ReceiveToEndAsync(http.Request.BodyReader, upload, request.Aborted, progress).ConfigureAwait(false);
            if (http.Request.ContentLength is { } announced && received != announced)
            {
                await upload.AbortAsync().ConfigureAwait(false);
                return new UploadOutcome(FileError.None, StatusCodes.Status400BadRequest, $"The body had {received} bytes, not the {announced} that Content-Length announced; nothing was stored.");
            }

            await upload.CommitAsync(request.Aborted).ConfigureAwait(false);
            result = TransferResult.Ok;
            return new UploadOutcome(FileError.None, 0, null);
        }
        catch (RequestBodyException)
        {
            result = TransferResult.Aborted;
            await upload.AbortAsync().ConfigureAwait(false);
            return new UploadOutcome(FileError.None, StatusCodes.Status400BadRequest, "The body ended before it was whole; nothing was stored.");
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
        {
            await upload.AbortAsync().ConfigureAwait(false);
            return new UploadOutcome(error, 0, null);
        }
        catch (OperationCanceledException)
        {
            // The client went away: the old content stays.
            result = TransferResult.Aborted;
            await upload.AbortAsync().ConfigureAwait(false);
            throw;
        }
        catch
        {
            // Unexpected: the old content stays, the server answers.
            await upload.AbortAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            progress?.End(result);
        }
    }

    /// <summary>
    /// A new file is first made empty (CreateNew, so nothing another client made meanwhile is
    /// replaced), and the upload then replaces it like any file: the storage writes beside it and
    /// swaps on commit. A Replace upload of a new file would write in place and keep a broken
    /// upload's part for a resume, which HTTP has no use for. Returns the empty file's tag, which
    /// <see cref="RemovePlaceholderAsync"/> checks before it removes anything.
    /// </summary>
    private static async Task<FileResult<string>> CreatePlaceholderAsync(DavRequest request)
    {
        var opened = await request.Files.OpenWriteAsync(request.Path, WriteMode.CreateNew, 0, request.Aborted).ConfigureAwait(false);
        if (!opened.Ok)
        {
            return FileResult<string>.Fail(opened.Error);
        }

        await using (var upload = opened.Value!)
        {
            try
            {
                await upload.CommitAsync(request.Aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
            {
                return FileResult<string>.Fail(error);
            }
        }

        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        return FileResult<string>.Success(stat.Ok && EntityTags.For(stat.Value!) is { } tag ? tag : "");
    }

    /// <summary>Removes the empty file a failed PUT made, unless someone has written to it since.</summary>
    private static async Task RemovePlaceholderAsync(DavRequest request, string? placeholderTag)
    {
        if (placeholderTag is null)
        {
            return;
        }

        // Not the request's token: the client may be gone, and the empty file must still go.
        var stat = await request.Files.StatAsync(request.Path, CancellationToken.None).ConfigureAwait(false);
        if (stat.Ok && stat.Value! is { IsDirectory: false, Length: 0 } entry && EntityTags.For(entry) == placeholderTag)
        {
            await request.Files.DeleteFileAsync(request.Path, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>NotFound and NotADirectory mean the parent is missing: 409 for a PUT (RFC 4918 9.7.1); a folder in the way is 405.</summary>
    private static Task FailedAsync(DavRequest request, FileError error) => error switch
    {
        FileError.NotFound or FileError.NotADirectory => DavAnswers.StatusAsync(request, StatusCodes.Status409Conflict, "The parent collection does not exist: create it first (MKCOL)."),
        FileError.IsADirectory => DavAnswers.NotAllowedAsync(request, DavTargets.Collection, "The URL names a collection: PUT writes files only."),
        _ => DavAnswers.FailedAsync(request, error),
    };

    private readonly record struct UploadOutcome(FileError Error, int Status, string? Reason);
}
