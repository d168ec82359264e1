using System.Globalization;
using Ferry.Core.Storage;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Session;
using Ferry.Ftp.Transfers;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Commands;

/// <summary>
/// HASH and RANGE (draft-bryan-ftpext-hash): a file's hash without downloading it, as FileZilla asks
/// for to check a transfer. OPTS HASH (in <see cref="InformationCommands"/>) picks the algorithm.
/// </summary>
internal static class HashCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("HASH", ArgumentRule.Required, "<path>", "Gives a file's hash (OPTS HASH picks the algorithm, RANGE a part); ABOR stops it.", HashAsync, Feature: HashNames.DefaultFeature),
        new("RANGE", ArgumentRule.Required, "<first> <last>", "Sets the byte range (both ends included) the next HASH covers; RANGE 1 0 resets it.", RangeAsync, Feature: "RANGE STREAM"),
    ];

    private static async ValueTask HashAsync(FtpSession session, string argument, CancellationToken ct)
    {
        // A range applies to the one HASH after it, whatever that HASH's fate.
        var range = session.HashRange;
        session.HashRange = null;
        var algorithm = session.HashAlgorithm;
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return;
        }

        var opened = await session.Files!.OpenReadAsync(path, range?.First ?? 0, ct).ConfigureAwait(false);
        if (!opened.Ok)
        {
            await session.ReplyErrorAsync(opened.Error, argument, ct).ConfigureAwait(false);
            return;
        }

        var file = opened.Value!;
        if (range is { } asked && asked.Last >= file.Length)
        {
            await file.DisposeAsync().ConfigureAwait(false);

            // 556: the range does not lie within the file (draft-bryan-ftpext-hash, RANGE).
            await session.ReplyAsync(556, $"Range {asked.First}-{asked.Last} is outside the file ({file.Length} bytes).", ct).ConfigureAwait(false);
            return;
        }

        var first = range?.First ?? 0;
        var count = range is { } r ? r.Last - r.First + 1 : file.Length;
        var shown = FtpSession.Printable(argument);

        // Run beside the command loop, as a transfer does: ABOR cancels it, STAT and NOOP are answered meanwhile.
        session.StartTransfer($"HASH {path}", async token =>
        {
            await using (file.ConfigureAwait(false))
            {
                try
                {
                    var hasher = new FileHasher(session.Options.HashBytesPerSecond, session.Server.Time, session.AddTransferred);
                    var (hash, bytes) = await hasher.HashAsync(file.Content, count, algorithm, token).ConfigureAwait(false);
                    if (bytes < count)
                    {
                        await session.ReplyAsync(451, $"{shown}: the file changed while it was hashed; try again.", ct).ConfigureAwait(false);
                        return;
                    }

                    // The whole file is named 0-<size> (as FileZilla's server writes it); a RANGE by its own two ends.
                    var span = range is { } part ? $"{part.First}-{part.Last}" : $"0-{file.Length}";
                    await session.ReplyAsync(213, $"{HashNames.Name(algorithm)} {span} {Convert.ToHexStringLower(hash)} {shown}", ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    session.Logger.LogInformation("FTP session {Session}: HASH of {Path} aborted", session.Connection.Id, path);
                    await session.ReplyAsync(426, $"HASH of {shown} aborted.", ct).ConfigureAwait(false);
                }
                catch (StorageException storage)
                {
                    await session.ReplyErrorAsync(storage.Error, argument, ct).ConfigureAwait(false);
                }
            }
        }, ct);
    }

    private static ValueTask RangeAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var words = argument.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 2
            || !long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return session.ReplyAsync(501, "Syntax: RANGE <first byte> <last byte>, whole numbers; RANGE 1 0 resets.", ct);
        }

        if (first == 1 && last == 0)
        {
            session.HashRange = null;
            return session.ReplyAsync(350, "Range reset: HASH covers the whole file.", ct);
        }

        if (first > last)
        {
            return session.ReplyAsync(501, $"RANGE {first} {last}: the first byte comes after the last.", ct);
        }

        session.HashRange = (first, last);
        return session.ReplyAsync(350, $"Range set to bytes {first}-{last} for the next HASH.", ct);
    }
}
