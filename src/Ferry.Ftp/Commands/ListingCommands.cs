using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Session;
using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Commands;

/// <summary>Directory listings: LIST (ls -l style), NLST (names), STAT (status or a listing on the control connection).</summary>
internal static class ListingCommands
{
    /// <summary>A listing is flushed to the socket in pieces of about this size: streaming, not one big string.</summary>
    private const int FlushThreshold = 32 * 1024;

    /// <summary>
    /// The listing's buffer segments. Each segment is one write to the socket when flushed; with the
    /// pipe's default 4 KiB a 100-entry folder (about 6.4 KB) took two sends, and a 32 KiB flush eight.
    /// 8 KiB keeps the memory of the two 4 KiB segments it replaces.
    /// </summary>
    internal const int SegmentBytes = 8 * 1024;

    /// <summary>STAT lists over the control connection, which cannot stream; cap it so one command cannot make a huge reply.</summary>
    private const int MaxStatEntries = 10_000;

    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("LIST", ArgumentRule.Optional, "[-options] [<path>]", "Lists files in ls -l style over the data connection.", ListAsync, Audit: AuditAs.Listing),
        new("NLST", ArgumentRule.Optional, "[<path>]", "Lists file names over the data connection.", NlstAsync, Audit: AuditAs.Listing),
        new("STAT", ArgumentRule.Optional, "[<path>]", "Shows the session status, or lists a path on the control connection.", StatAsync, DuringTransfer: true),
        new("MLSD", ArgumentRule.Optional, "[<directory>]", "Lists a directory in machine-readable facts (RFC 3659).", MlsdAsync, Audit: AuditAs.Listing),
        new("MLST", ArgumentRule.Optional, "[<path>]", "Shows one file's facts on the control connection (RFC 3659).", MlstAsync, Feature: MlsxFacts.Feature),
    ];

    private static async ValueTask ListAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var arguments = ListArguments.Parse(argument);
        var style = session.Options.ListStyle;
        var listing = await OpenListingAsync(session, arguments.Path, ct, raw: style == ListStyle.Unix ? AnyFolder : null).ConfigureAwait(false);
        if (listing is { } entries)
        {
            var formatter = new ListFormatter(style, session.Server.Time);
            if (entries.Raw is { } raw)
            {
                SendRawListing(session, "LIST", entries.Directory, raw, formatter.WriteUnixListLine, ct);
            }
            else
            {
                SendListing(session, "LIST", entries, formatter.WriteListLine, ct);
            }
        }
    }

    private static async ValueTask NlstAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var arguments = ListArguments.Parse(argument);
        var listing = await OpenListingAsync(session, arguments.Path, ct, raw: AnyFolder).ConfigureAwait(false);
        if (listing is { } entries)
        {
            var prefix = NamePrefix(arguments.Path, entries.IsDirectoryArgument);
            if (entries.Raw is { } raw)
            {
                var prefixBytes = Encoding.UTF8.GetBytes(prefix ?? "");
                SendRawListing(session, "NLST", entries.Directory, raw, (in RawEntry entry, IBufferWriter<byte> writer) => ListFormatter.WriteNameLine(prefixBytes, entry.Name, writer), ct);
            }
            else
            {
                SendListing(session, "NLST", entries, (entry, writer) => ListFormatter.WriteNameLine(prefix, entry.Name, writer), ct);
            }
        }
    }

    private static async ValueTask MlsdAsync(FtpSession session, string argument, CancellationToken ct)
    {
        // Raw only where one set of rights holds for every entry (no rule names an entry of the folder):
        // the perm fact then comes from them, taken once here, not from a path made for each entry.
        var files = session.Files!;
        Permissions? entryRights = null;
        var listing = await OpenListingAsync(
            session, argument.Length == 0 ? null : argument, ct, globs: false,
            raw: folder => (entryRights = files.PermissionsForEntriesOf(folder)) is not null).ConfigureAwait(false);
        if (listing is not { } entries)
        {
            return;
        }

        if (!entries.IsDirectoryArgument)
        {
            await session.ReplyAsync(501, "MLSD lists directories; use MLST for a file.", ct).ConfigureAwait(false);
            return;
        }

        var facts = session.MlstFacts;
        if (entries.Raw is { } raw && entryRights is { } rights)
        {
            SendRawListing(session, "MLSD", entries.Directory, raw, (in RawEntry entry, IBufferWriter<byte> writer) => MlsxFacts.WriteLine(entry, rights, facts, writer), ct);
            return;
        }

        SendListing(session, "MLSD", entries, (entry, writer) =>
            MlsxFacts.WriteLine(entry, entry.Name, files.PermissionsFor(entries.Directory.Combine(entry.Name)), facts, leadingSpace: false, writer), ct);
    }

    private static async ValueTask MlstAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (await session.StatOrReplyAsync(argument, ct).ConfigureAwait(false) is not var (path, entry))
        {
            return;
        }

        var line = new ArrayBufferWriter<byte>();
        MlsxFacts.WriteLine(entry, path.Value, session.Files!.PermissionsFor(path), session.MlstFacts, leadingSpace: true, line);
        var facts = Encoding.UTF8.GetString(line.WrittenSpan).TrimEnd('\r', '\n');
        await session.ReplyAsync(250, $"Listing {FtpSession.Printable(path.Value)}\n{facts}\nEnd.", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a listing over the data connection in the background, one line per entry, flushed in
    /// pieces: a 100,000-entry folder is never one big string.
    /// </summary>
    private static void SendListing(FtpSession session, string verb, Listing entries, Action<FileEntry, IBufferWriter<byte>> writeLine, CancellationToken ct)
    {
        session.StartTransfer($"{verb} {entries.Directory}", transferToken =>
            session.RunDataTransferAsync("Here comes the directory listing.", entries.Directory.Value, async (connection, token) =>
            {
                var writer = PipeWriter.Create(connection.Stream, new StreamPipeWriterOptions(minimumBufferSize: SegmentBytes, leaveOpen: true));
                long count = 0;
                await foreach (var entry in entries.Items.WithCancellation(token).ConfigureAwait(false))
                {
                    writeLine(entry, writer);
                    count++;
                    if (writer.UnflushedBytes >= FlushThreshold)
                    {
                        session.AddTransferred(writer.UnflushedBytes);
                        await writer.FlushAsync(token).ConfigureAwait(false);
                    }
                }

                return await FinishAsync(session, writer, connection, count, token).ConfigureAwait(false);
            }, onFailure: null, transferToken, ct), ct);
    }

    /// <summary>The end of every listing: the last bytes counted and sent, the data connection closed in order, the 226 text.</summary>
    private static async Task<string> FinishAsync(FtpSession session, PipeWriter writer, IDataConnection connection, long count, CancellationToken token)
    {
        session.AddTransferred(writer.UnflushedBytes);
        await writer.CompleteAsync().ConfigureAwait(false);
        await connection.CompleteAsync(token).ConfigureAwait(false);
        return $"Directory send OK ({count} entries).";
    }

    /// <summary>
    /// A folder's LIST, NLST or MLSD read through the storage's raw listing (<see cref="IRawListing"/>):
    /// each line is written from the entry's bytes and numbers, in synchronous batches of about
    /// <see cref="FlushThreshold"/> between flushes. The reader is closed however the transfer ends.
    /// It starts on the command loop's thread, as a small download does, and leaves it after the first
    /// batch at the latest: a folder of a few hundred entries (the 2,000-client crowd lists 100) is
    /// sent without handing the transfer to another pool thread first.
    /// </summary>
    private static void SendRawListing(FtpSession session, string verb, VfsPath directory, IRawEntryReader reader, RawLineWriter writeLine, CancellationToken ct)
    {
        session.StartTransfer($"{verb} {directory}", async transferToken =>
        {
            try
            {
                await session.RunDataTransferAsync("Here comes the directory listing.", directory.Value, async (connection, token) =>
                {
                    var writer = PipeWriter.Create(connection.Stream, new StreamPipeWriterOptions(minimumBufferSize: SegmentBytes, leaveOpen: true));
                    long count = 0;

                    // Bounded by the folder: every batch consumes entries or ends the listing.
                    var first = true;
                    while (WriteBatch(reader, writeLine, writer, ref count, token))
                    {
                        session.AddTransferred(writer.UnflushedBytes);
                        await writer.FlushAsync(token).ConfigureAwait(false);
                        if (first)
                        {
                            // Started on the command loop's thread (see StartTransfer below): a folder
                            // larger than one batch goes on beside the loop, so ABOR and STAT are read.
                            first = false;
                            await Task.Yield();
                        }
                    }

                    return await FinishAsync(session, writer, connection, count, token).ConfigureAwait(false);
                }, onFailure: null, transferToken, ct).ConfigureAwait(false);
            }
            finally
            {
                reader.Dispose();
            }
        }, ct, inline: true);
    }

    /// <summary>Writes lines until <see cref="FlushThreshold"/> bytes wait unflushed (true) or the folder ends (false).</summary>
    private static bool WriteBatch(IRawEntryReader reader, RawLineWriter writeLine, PipeWriter writer, ref long count, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();

        // Bounded by the folder's size: each read consumes one entry.
        while (reader.TryRead(out var entry))
        {
            writeLine(entry, writer);
            count++;
            if (writer.UnflushedBytes >= FlushThreshold)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes one listing line for an entry of a raw listing, CRLF included.</summary>
    private delegate void RawLineWriter(in RawEntry entry, IBufferWriter<byte> output);

    /// <summary>What <see cref="OpenListingAsync"/> asks of a folder before it reads it raw: always.</summary>
    private static Func<VfsPath, bool> AnyFolder => static _ => true;

    /// <summary>
    /// The entries a LIST/NLST/STAT argument names: a folder's content, one file, or a wildcard match;
    /// for a folder asked for raw, <paramref name="Raw"/> reads it instead of <paramref name="Items"/>.
    /// </summary>
    private readonly record struct Listing(VfsPath Directory, IAsyncEnumerable<FileEntry> Items, bool IsDirectoryArgument, IRawEntryReader? Raw = null);

    /// <param name="raw">
    /// When set, a folder (not a file or a wildcard match) is read through the storage's raw listing
    /// if the storage has one and this says yes for the folder's path; otherwise, and when null, as entries.
    /// </param>
    private static async ValueTask<Listing?> OpenListingAsync(FtpSession session, string? argument, CancellationToken ct, bool globs = true, Func<VfsPath, bool>? raw = null)
    {
        var path = await session.ResolveOrReplyAsync(argument ?? "", ct).ConfigureAwait(false);
        if (path is null)
        {
            return null;
        }

        var files = session.Files!;
        if (globs && !path.IsRoot && NameGlob.HasWildcards(path.Name))
        {
            var pattern = path.Name;
            var parent = await files.ListAsync(path.Parent, ct).ConfigureAwait(false);
            if (!parent.Ok)
            {
                await session.ReplyErrorAsync(parent.Error, argument ?? "", ct).ConfigureAwait(false);
                return null;
            }

            return new Listing(path.Parent, Filter(parent.Value!, pattern), IsDirectoryArgument: false);
        }

        var stat = await files.StatAsync(path, ct).ConfigureAwait(false);
        if (!stat.Ok)
        {
            await session.ReplyErrorAsync(stat.Error, argument ?? path.Value, ct).ConfigureAwait(false);
            return null;
        }

        if (!stat.Value!.IsDirectory)
        {
            return new Listing(path.Parent, One(stat.Value with { Name = path.Name }), IsDirectoryArgument: false);
        }

        if (raw is not null && raw(path) && files.TryListRaw(path) is { } pending)
        {
            var reader = await pending.ConfigureAwait(false);
            if (!reader.Ok)
            {
                await session.ReplyErrorAsync(reader.Error, argument ?? path.Value, ct).ConfigureAwait(false);
                return null;
            }

            return new Listing(path, AsyncEnumerable.Empty<FileEntry>(), IsDirectoryArgument: true, reader.Value);
        }

        var list = await files.ListAsync(path, ct).ConfigureAwait(false);
        if (!list.Ok)
        {
            await session.ReplyErrorAsync(list.Error, argument ?? path.Value, ct).ConfigureAwait(false);
            return null;
        }

        return new Listing(path, list.Value!, IsDirectoryArgument: true);
    }

    /// <summary>
    /// NLST answers with names a client can RETR as they are: `NLST sub` and `NLST sub/*.txt` give
    /// "sub/a.txt" (what mget needs); `NLST` and `NLST *.txt` give bare names.
    /// </summary>
    private static string? NamePrefix(string? argument, bool isDirectory)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return null;
        }

        var text = argument.Replace('\\', '/');
        if (isDirectory)
        {
            return text.EndsWith('/') ? text : text + "/";
        }

        var slash = text.LastIndexOf('/');
        return slash < 0 ? null : text[..(slash + 1)];
    }

    private static async IAsyncEnumerable<FileEntry> Filter(IAsyncEnumerable<FileEntry> entries, string pattern, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var entry in entries.WithCancellation(ct).ConfigureAwait(false))
        {
            if (NameGlob.IsMatch(pattern, entry.Name))
            {
                yield return entry;
            }
        }
    }

#pragma warning disable CS1998 // An async iterator of one item keeps the listing code on one path.
    private static async IAsyncEnumerable<FileEntry> One(FileEntry entry)
#pragma warning restore CS1998
    {
        yield return entry;
    }

    private static async ValueTask StatAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (argument.Trim().Length == 0 || !session.LoggedIn)
        {
            await session.ReplyAsync(211, StatusText(session), ct).ConfigureAwait(false);
            return;
        }

        var arguments = ListArguments.Parse(argument);
        var listing = await OpenListingAsync(session, arguments.Path, ct).ConfigureAwait(false);
        if (listing is not { } entries)
        {
            return;
        }

        var formatter = new ListFormatter(session.Options.ListStyle, session.Server.Time);
        var buffer = new ArrayBufferWriter<byte>();
        var count = 0;
        try
        {
            await foreach (var entry in entries.Items.WithCancellation(ct).ConfigureAwait(false))
            {
                if (++count > MaxStatEntries)
                {
                    break;
                }

                formatter.WriteListLine(entry, buffer);
            }
        }
        catch (StorageException ex)
        {
            await session.ReplyErrorAsync(ex.Error, argument, ct).ConfigureAwait(false);
            return;
        }

        var lines = Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal);
        var more = count > MaxStatEntries ? $"\nOnly the first {MaxStatEntries} entries are shown; use LIST for all." : "";
        var body = lines.Length == 0 ? "" : lines + "\n";
        await session.ReplyAsync(entries.IsDirectoryArgument ? 212 : 213, $"Status of {FtpSession.Printable(arguments.Path ?? session.CurrentDirectory.Value)}:\n{body}{more}{(more.Length > 0 ? "\n" : "")}End of status.", ct).ConfigureAwait(false);
    }

    private static string StatusText(FtpSession session)
    {
        var text = new StringBuilder("Ferry FTP server status:\n");
        text.Append(" Connected from ").Append(session.Connection.ClientAddress).Append('\n');
        text.Append(session.LoggedIn ? $" Logged in as {FtpSession.Printable(session.Account!.Name)}\n" : " Not logged in\n");
        text.Append(" TYPE: ").Append(session.TransferType == TransferType.Image ? "BINARY" : "ASCII").Append("; STRUcture: File; transfer MODE: ").Append(session.Deflate ? $"Z (deflate, level {session.DeflateLevel})" : "Stream").Append('\n');
        if (session.TransferRunning)
        {
            text.Append(" Transfer in progress: ").Append(FtpSession.Printable(session.TransferDescription ?? "")).Append(", ").Append(session.TransferredBytes).Append(" bytes so far\n");
        }
        else
        {
            text.Append(" No data connection\n");
        }

        text.Append("End of status.");
        return text.ToString();
    }
}
