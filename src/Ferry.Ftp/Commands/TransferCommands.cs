using System.Globalization;
using Ferry.Core.Access.Locks;
using Ferry.Core.Diagnostics;
using Ferry.Core.Files;
using Ferry.Core.Net;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Ftp.Session;
using Ferry.Ftp.Tls;
using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Commands;

/// <summary>File transfers: RETR STOR STOU APPE, and ABOR to stop one.</summary>
internal static class TransferCommands
{
    /// <summary>
    /// A download this small (<see cref="SocketThreads.SmallSendBytes"/>, what any step sends from a
    /// socket thread) starts on the command loop's thread: the copy is over before ABOR or STAT could
    /// matter, and a 4 KiB file saved a thread hand-over per RETR (2,000 files in one session, the
    /// benchmark's small-file row).
    /// </summary>
    private const long InlineDownloadBytes = SocketThreads.SmallSendBytes;

    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("RETR", ArgumentRule.Required, "<path>", "Downloads a file.", RetrAsync, Audit: AuditAs.Download),
        new("STOR", ArgumentRule.Required, "<path>", "Uploads a file, replacing any file of that name once complete.", StorAsync, Audit: AuditAs.Upload),
        new("APPE", ArgumentRule.Required, "<path>", "Uploads data to the end of a file.", AppeAsync, Requires: StorageCapabilities.Append, Audit: AuditAs.Upload),
        new("STOU", ArgumentRule.Optional, "[<name>]", "Uploads under a name the server makes unique.", StouAsync, Audit: AuditAs.Upload),
        new("ABOR", ArgumentRule.None, "", "Aborts the running transfer.", AborAsync, NeedsLogin: false, DuringTransfer: true),
    ];

    private static async ValueTask RetrAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var offset = TakeRestartOffset(session);
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return;
        }

        var opened = await session.Files!.OpenReadAsync(path, offset, ct).ConfigureAwait(false);
        if (!opened.Ok)
        {
            await session.ReplyErrorAsync(opened.Error, argument, ct).ConfigureAwait(false);
            return;
        }

        var file = opened.Value!;
        if (offset > file.Length)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            await session.ReplyAsync(554, $"Restart offset {offset} is beyond the end of the file ({file.Length} bytes).", ct).ConfigureAwait(false);
            return;
        }

        session.StartTransfer($"RETR {path}", async transferToken =>
        {
            await using (file.ConfigureAwait(false))
            {
                var opening = $"Opening {ModeName(session)} mode data connection for {FtpSession.Printable(path.Name)} ({file.Length - offset} bytes).";
                await session.RunDataTransferAsync(opening, path.Name, async (connection, token) =>
                {
                    var sent = await Copier(session).SendAsync(file, connection, session.TransferType, token).ConfigureAwait(false);
                    await connection.CompleteAsync(token).ConfigureAwait(false);
                    return $"Transfer complete ({sent} bytes).";
                }, onFailure: null, transferToken, ct).ConfigureAwait(false);
            }
        }, ct, path, TransferDirection.Download, inline: file.Length - offset <= InlineDownloadBytes);
    }

    private static async ValueTask StorAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var offset = TakeRestartOffset(session);
        if (offset > 0 && !session.Offers(StorageCapabilities.RandomWrite))
        {
            // 554, "invalid REST parameter" (RFC 3659 5.5): the restart point cannot be honoured for
            // an upload here; the REST itself was fine, as downloads still restart.
            await session.ReplyAsync(554, $"Cannot store from offset {offset}: {StorageWords.Lacking(StorageCapabilities.RandomWrite)}.", ct).ConfigureAwait(false);
            return;
        }

        if (offset > 0 && !await RestartFitsAsync(session, argument, offset, ct).ConfigureAwait(false))
        {
            return;
        }

        await UploadAsync(session, argument, offset > 0 ? WriteMode.WriteAt : WriteMode.Replace, offset, unique: false, ct).ConfigureAwait(false);
    }

    private static async ValueTask AppeAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (await RefuseRestartAsync(session, "APPE", "APPE always writes at the end of the file", ct).ConfigureAwait(false))
        {
            return;
        }

        await UploadAsync(session, argument, WriteMode.Append, 0, unique: false, ct).ConfigureAwait(false);
    }

    private static async ValueTask StouAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (await RefuseRestartAsync(session, "STOU", "STOU always creates a new file", ct).ConfigureAwait(false))
        {
            return;
        }

        await UploadAsync(session, argument, WriteMode.CreateNew, 0, unique: true, ct).ConfigureAwait(false);
    }

    private static async ValueTask UploadAsync(FtpSession session, string argument, WriteMode mode, long offset, bool unique, CancellationToken ct)
    {
        var opened = unique
            ? await OpenUniqueAsync(session, argument, ct).ConfigureAwait(false)
            : await OpenNamedAsync(session, argument, mode, offset, ct).ConfigureAwait(false);
        if (opened is not { } target)
        {
            return;
        }

        var (path, upload, claim) = target;
        session.NoteAuditPath(path.Value);
        session.StartTransfer($"{(unique ? "STOU" : mode == WriteMode.Append ? "APPE" : "STOR")} {path}", async transferToken =>
        {
            await using var writing = claim.ConfigureAwait(false);
            var settled = false;
            async ValueTask AbortOnceAsync()
            {
                if (!settled)
                {
                    settled = true;
                    await upload.AbortAsync().ConfigureAwait(false);
                }
            }

            try
            {
                var opening = unique
                    ? $"FILE: {FtpSession.Printable(path.Name)}"
                    : $"Opening {ModeName(session)} mode data connection for {FtpSession.Printable(path.Name)}.";
                await session.RunDataTransferAsync(opening, path.Name, async (connection, token) =>
                {
                    var received = await Copier(session).ReceiveAsync(connection, upload, session.TransferType, token).ConfigureAwait(false);
                    if (DeflateDataConnection.Unwrap(connection) is TlsDataConnection { EndedWithoutCloseNotify: true } && !session.Options.Tls.AllowUploadWithoutCloseNotify)
                    {
                        throw new TransferTruncatedException(received);
                    }

                    await upload.CommitAsync(token).ConfigureAwait(false);
                    settled = true;

                    // Free the file before the 226: a client that reads it and writes again at once must not find it still claimed.
                    await claim.DisposeAsync().ConfigureAwait(false);
                    return unique
                        ? $"Transfer complete; stored as {FtpSession.Printable(path.Name)} ({received} bytes)."
                        : $"Transfer complete ({received} bytes).";
                }, onFailure: AbortOnceAsync, transferToken, ct, upload: true).ConfigureAwait(false);
            }
            finally
            {
                await AbortOnceAsync().ConfigureAwait(false);
                await upload.DisposeAsync().ConfigureAwait(false);
            }
        }, ct, path, TransferDirection.Upload);
    }

    private static async ValueTask<(VfsPath, IUploadHandle, WriteClaim)?> OpenNamedAsync(FtpSession session, string argument, WriteMode mode, long offset, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return null;
        }

        return await OpenClaimedAsync(session, path, argument, mode, offset, ct).ConfigureAwait(false) is { } opened
            ? (path, opened.Upload, opened.Claim)
            : null;
    }

    /// <summary>
    /// Claims the file in the shared lock table, then opens it: one writer per file at a time, from
    /// any session or protocol, so two uploads never interleave their bytes. A second writer is
    /// refused at once (450, "file unavailable": it may try again), never queued behind a transfer
    /// that may take hours. The claim is the caller's to end when the upload ends.
    /// </summary>
    private static async ValueTask<(IUploadHandle Upload, WriteClaim Claim)?> OpenClaimedAsync(
        FtpSession session, VfsPath path, string shown, WriteMode mode, long offset, CancellationToken ct)
    {
        if (!await session.CheckLocksOrReplyAsync(path, LockDepth.Zero, shown, ct).ConfigureAwait(false))
        {
            return null;
        }

        var claim = await session.Server.Locks.TryClaimWriteAsync(session.LockSite!.KeyFor(path), session.Account!.Name, ct).ConfigureAwait(false);
        if (claim is null)
        {
            await session.ReplyAsync(450, $"{FtpSession.Printable(shown)}: another upload to this file is in progress; try again when it has finished.", ct).ConfigureAwait(false);
            return null;
        }

        var opened = await session.Files!.OpenWriteAsync(path, mode, offset, ct).ConfigureAwait(false);
        if (!opened.Ok)
        {
            await claim.DisposeAsync().ConfigureAwait(false);
            if (opened.Error == FileError.Exists && !session.Files.MayOverwrite)
            {
                var (code, text) = FileErrorReplies.NotReplaced(FtpSession.Printable(shown));
                await session.ReplyAsync(code, text, ct).ConfigureAwait(false);
                return null;
            }

            await session.ReplyErrorAsync(opened.Error, shown, ct).ConfigureAwait(false);
            return null;
        }

        return (opened.Value!, claim);
    }

    /// <summary>
    /// STOU: the argument (if any) is a wish for the name; the server picks a free one, trying a
    /// bounded number of candidates so a crowded folder cannot make it loop.
    /// </summary>
    private static async ValueTask<(VfsPath, IUploadHandle, WriteClaim)?> OpenUniqueAsync(FtpSession session, string argument, CancellationToken ct)
    {
        const int MaxAttempts = 100; // Enough for a busy folder; a fresh random name nearly never collides.
        var wish = argument.Trim();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var name = attempt == 0 && wish.Length > 0
                ? wish
                : wish.Length > 0 && attempt < 10
                    ? $"{wish}.{attempt}"
                    : $"ferry-{session.Server.Time.GetUtcNow():yyyyMMddHHmmss}-{Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture)}";
            var path = session.Resolve(name);
            if (path is null || path.IsRoot)
            {
                await session.ReplyAsync(553, $"'{FtpSession.Printable(wish)}' is not a valid file name.", ct).ConfigureAwait(false);
                return null;
            }

            if (!await session.CheckLocksOrReplyAsync(path, LockDepth.Zero, name, ct).ConfigureAwait(false))
            {
                return null;
            }

            // A name someone is writing right now is as taken as one that exists.
            var claim = await session.Server.Locks.TryClaimWriteAsync(session.LockSite!.KeyFor(path), session.Account!.Name, ct).ConfigureAwait(false);
            if (claim is null)
            {
                continue;
            }

            var opened = await session.Files!.OpenWriteAsync(path, WriteMode.CreateNew, 0, ct).ConfigureAwait(false);
            if (opened.Ok)
            {
                return (path, opened.Value!, claim);
            }

            await claim.DisposeAsync().ConfigureAwait(false);
            if (opened.Error != FileError.Exists)
            {
                await session.ReplyErrorAsync(opened.Error, name, ct).ConfigureAwait(false);
                return null;
            }
        }

        await session.ReplyAsync(553, "Could not find a unique file name; try again.", ct).ConfigureAwait(false);
        return null;
    }

    private static async ValueTask AborAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var aborted = await session.AbortTransferAsync().ConfigureAwait(false);
        await session.ClearDataSetupAsync().ConfigureAwait(false);
        await session.ReplyAsync(aborted ? 226 : 225, aborted ? "ABOR command successful." : "No transfer to abort; data connection closed.", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// REST n + STOR resumes an upload: n must lie within the file as it is (RFC 3659 5.5: 554, "invalid
    /// REST parameter", before any data is accepted). A larger n would make the storage extend the file
    /// to n first: a sparse file of any size a client names, or a failure deep in the file system.
    /// </summary>
    private static async ValueTask<bool> RestartFitsAsync(FtpSession session, string argument, long offset, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return false;
        }

        var stat = await session.Files!.StatAsync(path, ct).ConfigureAwait(false);
        if (!stat.Ok && stat.Error != FileError.NotFound)
        {
            await session.ReplyErrorAsync(stat.Error, argument, ct).ConfigureAwait(false);
            return false;
        }

        if (stat.Value is { IsDirectory: true })
        {
            await session.ReplyErrorAsync(FileError.IsADirectory, argument, ct).ConfigureAwait(false);
            return false;
        }

        var length = stat.Value?.Length ?? 0;
        if (offset > length)
        {
            await session.ReplyAsync(554, $"Restart offset {offset} is beyond the end of the file ({length} bytes): an upload can only resume within what is there.", ct).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>A restart offset before a command that cannot honour one is refused, not silently dropped (the offset is used up either way).</summary>
    private static async ValueTask<bool> RefuseRestartAsync(FtpSession session, string verb, string reason, CancellationToken ct)
    {
        var offset = TakeRestartOffset(session);
        if (offset == 0)
        {
            return false;
        }

        // 554, "invalid REST parameter" (RFC 3659 5.5): the REST was accepted, but this command cannot start at an offset.
        await session.ReplyAsync(554, $"REST {offset} does not apply to {verb}: {reason}. The offset is discarded; send {verb} again without REST, or REST and STOR to resume at an offset.", ct).ConfigureAwait(false);
        return true;
    }

    private static long TakeRestartOffset(FtpSession session)
    {
        var offset = session.RestartOffset;
        session.RestartOffset = 0;
        return offset;
    }

    private static string ModeName(FtpSession session) => session.TransferType == TransferType.Image ? "BINARY" : "ASCII";

    private static DataCopier Copier(FtpSession session) => new(session.Options.DataStallTimeout, session.AddTransferred);
}
