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
/// storage writes beside it and swaps on commit (where it promises AtomicReplace), and a new file is
/// written out of sight and appears whole, only under a free name (where it promises AtomicCreate;
/// see <see cref="CreateAsync"/>). 201 for a new file, 204 for a replaced one, both with the new ETag.
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

        var (outcome, created) = existing is null
            ? await CreateAsync(request, known, createOnly).ConfigureAwait(false)
            : (await UploadAsync(request, WriteMode.Replace, taken: null).ConfigureAwait(false), false);

        if (outcome.Error != FileError.None || outcome.Status != 0)
        {
            await AnswerFailureAsync(request, outcome, createOnly).ConfigureAwait(false);
            return;
        }

        var written = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (written.Ok && EntityTags.For(written.Value!) is { } tag)
        {
            http.Response.Headers.ETag = tag;
        }

        DavAnswers.Status(request, created ? StatusCodes.Status201Created : StatusCodes.Status204NoContent);
    }

    private const string NotReplaced = "A file of that name exists, and this account's uploads never replace one: PUT it under another name.";

    /// <summary>
    /// A new file. Where the storage can (AtomicCreate), it is written out of sight and appears whole
    /// on commit, only under a free name (CreateWhole): nobody sees a growing or empty file, and a
    /// broken PUT or a crash leaves nothing at the name. A name another client takes meanwhile (at
    /// the open, or by the commit) is replaced only if this PUT could have replaced it from the start
    /// (<see cref="TakenAsync"/>). A storage without AtomicCreate takes <see cref="CreateWithPlaceholderAsync"/>.
    /// Created is true when the PUT made the file (201), false when it replaced one (204).
    /// </summary>
    private static async Task<(UploadOutcome Outcome, bool Created)> CreateAsync(DavRequest request, bool known, bool createOnly)
    {
        var outcome = await UploadAsync(request, WriteMode.CreateWhole, () => TakenAsync(request, known, createOnly)).ConfigureAwait(false);
        if (outcome.Error == FileError.Unsupported)
        {
            return await CreateWithPlaceholderAsync(request, known, createOnly).ConfigureAwait(false);
        }

        if (outcome.Error != FileError.Exists)
        {
            return (outcome, !outcome.Replaced);
        }

        // Made between the look and the open, before any byte of the body was read: replace it as
        // any file, if this PUT may.
        if (await TakenAsync(request, known, createOnly).ConfigureAwait(false) is { } refusal)
        {
            return (refusal, false);
        }

        return (await UploadAsync(request, WriteMode.Replace, taken: null).ConfigureAwait(false), false);
    }

    /// <summary>
    /// Another client made a file of this name while this PUT was on its way. The PUT replaces it
    /// only if it could have replaced it from the start: never for a drop box; only while the
    /// preconditions (If-None-Match: * above all) hold for what is there now, and no lock of
    /// someone else's covers it. Null: replace it; otherwise the answer.
    /// </summary>
    private static async Task<UploadOutcome?> TakenAsync(DavRequest request, bool known, bool createOnly)
    {
        if (createOnly)
        {
            return new UploadOutcome(FileError.None, StatusCodes.Status412PreconditionFailed, NotReplaced);
        }

        // Not the request's token: the body may be whole already, and the answer is still owed.
        var now = await request.Files.StatAsync(request.Path, CancellationToken.None).ConfigureAwait(false);
        if (known && HttpPreconditions.Evaluate(request.Http.Request, now.Ok ? now.Value : null) is { } failed)
        {
            return new UploadOutcome(FileError.None, failed, null);
        }

        return await WriteGuard.CheckWriteAsync(request, request.Path, LockDepth.Zero).ConfigureAwait(false) is { } locked
            ? new UploadOutcome(FileError.None, locked, null)
            : null;
    }

    /// <summary>
    /// Streams the body into an upload; commits only a whole body. Status 0 and no error: committed.
    /// For CreateWhole, <paramref name="taken"/> decides what happens when the commit finds the name
    /// taken: null replaces that file (Replaced), an outcome is the answer instead.
    /// </summary>
    private static async Task<UploadOutcome> UploadAsync(DavRequest request, WriteMode mode, Func<Task<UploadOutcome?>>? taken)
    {
        var http = request.Http;
        var opened = await request.Files.OpenWriteAsync(request.Path, mode, 0, request.Aborted).ConfigureAwait(false);
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
            // Over TLS in aligned pieces (see TlsWriteBytes for why only there).
            var pieces = http.Request.IsHttps ? StreamCopy.TlsWriteBytes : (int?)null;
            var received = await StreamCopy.ReceiveToEndAsync(http.Request.BodyReader, upload, request.Aborted, progress, pieces).ConfigureAwait(false);
            if (http.Request.ContentLength is { } announced && received != announced)
            {
                await upload.AbortAsync().ConfigureAwait(false);
                return new UploadOutcome(FileError.None, StatusCodes.Status400BadRequest, $"The body had {received} bytes, not the {announced} that Content-Length announced; nothing was stored.");
            }

            var replaced = false;
            try
            {
                await upload.CommitAsync(request.Aborted).ConfigureAwait(false);
            }
            catch (StorageException e) when (e.Error == FileError.Exists && taken is not null)
            {
                if (await taken().ConfigureAwait(false) is { } refusal)
                {
                    await upload.AbortAsync().ConfigureAwait(false);
                    return refusal;
                }

                await upload.CommitReplacingAsync(request.Aborted).ConfigureAwait(false);
                replaced = true;
            }

            result = TransferResult.Ok;
            return new UploadOutcome(FileError.None, 0, null, replaced);
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
            // The client went away: the old content stays, and a new file never appears.
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
    /// A new file on a storage without AtomicCreate. It is first made empty (CreateNew, so nothing
    /// another client made meanwhile is replaced), and the upload then replaces it like any file:
    /// the storage writes beside it and swaps on commit where it promises AtomicReplace. Readers see
    /// the empty file until then, and a crash leaves it. A Replace upload of a new file would write
    /// in place and keep a broken upload's part for a resume, which HTTP has no use for. No
    /// placeholder for a drop box: the upload could not replace it; its new file is written where
    /// the storage writes new files, and a broken PUT leaves the part that arrived, as a broken STOR does.
    /// </summary>
    private static async Task<(UploadOutcome Outcome, bool Created)> CreateWithPlaceholderAsync(DavRequest request, bool known, bool createOnly)
    {
        if (createOnly)
        {
            return (await UploadAsync(request, WriteMode.Replace, taken: null).ConfigureAwait(false), true);
        }

        var placeholder = await CreatePlaceholderAsync(request).ConfigureAwait(false);
        if (placeholder.Error is not (FileError.None or FileError.Exists))
        {
            return (new UploadOutcome(placeholder.Error, 0, null), false);
        }

        if (placeholder.Error == FileError.Exists
            && await TakenAsync(request, known, createOnly).ConfigureAwait(false) is { } refusal)
        {
            return (refusal, false);
        }

        var placeholderTag = placeholder.Value;
        UploadOutcome outcome;
        try
        {
            outcome = await UploadAsync(request, WriteMode.Replace, taken: null).ConfigureAwait(false);
        }
        catch
        {
            await RemovePlaceholderAsync(request, placeholderTag).ConfigureAwait(false);
            throw;
        }

        if (outcome.Error != FileError.None || outcome.Status != 0)
        {
            await RemovePlaceholderAsync(request, placeholderTag).ConfigureAwait(false);
        }

        return (outcome, placeholderTag is not null);
    }

    /// <summary>Makes the empty file that claims a new name; returns its tag, which <see cref="RemovePlaceholderAsync"/> checks before it removes anything.</summary>
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

    /// <summary>A refusal the upload chose (Status), or a storage error: 412 for a drop box whose name was taken.</summary>
    private static Task AnswerFailureAsync(DavRequest request, UploadOutcome outcome, bool createOnly)
    {
        if (outcome.Status != 0)
        {
            if (outcome.Reason is null)
            {
                DavAnswers.Status(request, outcome.Status);
                return Task.CompletedTask;
            }

            return DavAnswers.StatusAsync(request, outcome.Status, outcome.Reason);
        }

        // Made by another client between the look and the write (or unseen by an account without List).
        return createOnly && outcome.Error == FileError.Exists
            ? DavAnswers.StatusAsync(request, StatusCodes.Status412PreconditionFailed, NotReplaced)
            : FailedAsync(request, outcome.Error);
    }

    /// <summary>NotFound and NotADirectory mean the parent is missing: 409 for a PUT (RFC 4918 9.7.1); a folder in the way is 405.</summary>
    private static Task FailedAsync(DavRequest request, FileError error) => error switch
    {
        FileError.NotFound or FileError.NotADirectory => DavAnswers.StatusAsync(request, StatusCodes.Status409Conflict, "The parent collection does not exist: create it first (MKCOL)."),
        FileError.IsADirectory => DavAnswers.NotAllowedAsync(request, DavTargets.Collection, "The URL names a collection: PUT writes files only."),
        _ => DavAnswers.FailedAsync(request, error),
    };

    /// <summary>How an upload ended: committed (no error, Status 0; Replaced when a CreateWhole replaced a newcomer), a storage error, or a status to answer.</summary>
    private readonly record struct UploadOutcome(FileError Error, int Status, string? Reason, bool Replaced = false);
}
