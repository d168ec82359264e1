using System.Globalization;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Storage;
using Ferry.Ftp.Session;

namespace Ferry.Ftp.Commands;

/// <summary>File and folder management: DELE RMD MKD RNFR RNTO SIZE MDTM MFMT SITE (and X-aliases).</summary>
internal static class FileCommands
{
    private const string TimeFormat = "yyyyMMddHHmmss";

    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("DELE", ArgumentRule.Required, "<path>", "Deletes a file.", DeleAsync, Audit: AuditAs.Path),
        new("RMD", ArgumentRule.Required, "<path>", "Removes an empty directory.", RmdAsync, Audit: AuditAs.Path),
        new("XRMD", ArgumentRule.Required, "<path>", "Same as RMD (RFC 775).", RmdAsync, Audit: AuditAs.Path),
        new("MKD", ArgumentRule.Required, "<path>", "Makes a directory.", MkdAsync, Audit: AuditAs.Path),
        new("XMKD", ArgumentRule.Required, "<path>", "Same as MKD (RFC 775).", MkdAsync, Audit: AuditAs.Path),
        new("RNFR", ArgumentRule.Required, "<path>", "Names the file to rename; RNTO must follow.", RnfrAsync, Audit: AuditAs.Path),
        new("RNTO", ArgumentRule.Required, "<path>", "Renames the file named by RNFR.", RntoAsync, Audit: AuditAs.Path),
        new("SIZE", ArgumentRule.Required, "<path>", "Gives a file's size in bytes (RFC 3659).", SizeAsync, Feature: "SIZE"),
        new("MDTM", ArgumentRule.Required, "<path>", "Gives a file's modification time, UTC (RFC 3659).", MdtmAsync, Feature: "MDTM"),
        new("MFMT", ArgumentRule.Required, "<time> <path>", "Sets a file's modification time, UTC.", MfmtAsync, Feature: "MFMT", Requires: StorageCapabilities.SetTimes),
        new("SITE", ArgumentRule.Required, "<command>", "Site-specific commands: SITE HELP lists them.", SiteAsync),
    ];

    private static async ValueTask DeleAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is not null && await session.CheckLocksOrReplyAsync(path, LockDepth.Zero, argument, ct).ConfigureAwait(false))
        {
            await ReplyAsync(session, await session.Files!.DeleteFileAsync(path, ct).ConfigureAwait(false), argument, 250, "File deleted.", ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask RmdAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return;
        }

        // FTP's own rule (the session's directory); the root is FileService's, but it is at or above
        // every current directory, so this sentence covers it as well.
        if (session.CurrentDirectory.IsAtOrBelow(path))
        {
            await session.ReplyAsync(550, "Cannot remove the root or the directory you are in.", ct).ConfigureAwait(false);
            return;
        }

        if (!await session.CheckLocksOrReplyAsync(path, LockDepth.Infinity, argument, ct).ConfigureAwait(false))
        {
            return;
        }

        await ReplyAsync(session, await session.Files!.DeleteDirectoryAsync(path, ct).ConfigureAwait(false), argument, 250, "Directory removed.", ct).ConfigureAwait(false);
    }

    private static async ValueTask MkdAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is not null && await session.CheckLocksOrReplyAsync(path, LockDepth.Zero, argument, ct).ConfigureAwait(false))
        {
            await ReplyAsync(session, await session.Files!.CreateDirectoryAsync(path, ct).ConfigureAwait(false), argument, 257, $"{FtpSession.Quote(path)} created.", ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask RnfrAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (await session.StatOrReplyAsync(argument, ct).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        // A rename moves everything below a folder too; for a file, depth infinity is the file alone.
        if (!await session.CheckLocksOrReplyAsync(found.Path, LockDepth.Infinity, argument, ct).ConfigureAwait(false))
        {
            return;
        }

        session.RenameFrom = found.Path;
        await session.ReplyAsync(350, "Ready for RNTO.", ct).ConfigureAwait(false);
    }

    private static async ValueTask RntoAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var from = session.RenameFrom;
        session.RenameFrom = null;
        if (from is null)
        {
            await session.ReplyAsync(503, "Send RNFR first, then RNTO.", ct).ConfigureAwait(false);
            return;
        }

        var to = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (to is null)
        {
            return;
        }

        // Both ends again: a lock may have been taken since RNFR.
        if (!await session.CheckLocksOrReplyAsync(from, LockDepth.Infinity, from.Value, ct).ConfigureAwait(false)
            || !await session.CheckLocksOrReplyAsync(to, LockDepth.Infinity, argument, ct).ConfigureAwait(false))
        {
            return;
        }

        // RNTO replaces a file of that name, as FTP servers always have.
        var result = await session.Files!.RenameAsync(from, to, overwrite: true, ct).ConfigureAwait(false);
        if (result.Error == FileError.InvalidName && to.IsAtOrBelow(from))
        {
            // FileService refused a move into itself; say so rather than blame the name.
            await session.ReplyAsync(553, "Cannot move a directory into itself.", ct).ConfigureAwait(false);
            return;
        }

        await ReplyAsync(session, result, argument, 250, "Rename successful.", ct).ConfigureAwait(false);
    }

    private static async ValueTask SizeAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var entry = await StatFileAsync(session, argument, ct).ConfigureAwait(false);
        if (entry is not null)
        {
            await session.ReplyAsync(213, entry.Length.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask MdtmAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var entry = await StatFileAsync(session, argument, ct).ConfigureAwait(false);
        if (entry is not null)
        {
            await session.ReplyAsync(213, entry.LastModified.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask MfmtAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var space = argument.IndexOf(' ');
        if (space < 0 || !DateTime.TryParseExact(argument[..space], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            await session.ReplyAsync(501, "Syntax: MFMT YYYYMMDDHHMMSS <path> (UTC).", ct).ConfigureAwait(false);
            return;
        }

        var name = argument[(space + 1)..];
        var path = await session.ResolveOrReplyAsync(name, ct).ConfigureAwait(false);
        if (path is null || !await session.CheckLocksOrReplyAsync(path, LockDepth.Zero, name, ct).ConfigureAwait(false))
        {
            return;
        }

        var stamp = new DateTimeOffset(time, TimeSpan.Zero);
        var result = await session.Files!.SetLastModifiedAsync(path, stamp, ct).ConfigureAwait(false);
        await ReplyAsync(session, result, name, 213, $"Modify={argument[..space]}; {FtpSession.Printable(name)}", ct).ConfigureAwait(false);
    }

    /// <summary>One SITE subcommand; SITE dispatches and SITE HELP lists from <see cref="SiteCommands"/>.</summary>
    private sealed record SiteCommand(string Name, string Syntax, string Help, CommandHandler Handler, StorageCapabilities Requires = StorageCapabilities.None);

    /// <summary>The SITE subcommands, the one list SITE and SITE HELP both read.</summary>
    private static readonly SiteCommand[] SiteCommands =
    [
        new("CHMOD", "<octal mode> <path>", "Sets a file's permission bits (0777 at most).", ChmodAsync, StorageCapabilities.UnixModes),
        new("HELP", "", "Lists the SITE commands.", SiteHelpAsync),
    ];

    private static async ValueTask SiteAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var parts = argument.Trim().Split(' ', 2);
        var command = Array.Find(SiteCommands, c => c.Name.Equals(parts[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            await session.ReplyAsync(504, $"SITE {FtpSession.Printable(parts[0])} is not offered here; SITE HELP lists what is.", ct).ConfigureAwait(false);
            return;
        }

        await command.Handler(session, parts.Length > 1 ? parts[1] : "", ct).ConfigureAwait(false);
    }

    /// <summary>SITE HELP: a 214 with one line per SITE command this storage can carry out.</summary>
    private static ValueTask SiteHelpAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var text = new System.Text.StringBuilder("SITE commands offered:\n");
        foreach (var command in SiteCommands.Where(c => session.Offers(c.Requires)))
        {
            text.Append(' ').Append(command.Name).Append(command.Syntax.Length > 0 ? " " + command.Syntax : "").Append(" - ").Append(command.Help).Append('\n');
        }

        text.Append("End of SITE HELP.");
        return session.ReplyAsync(214, text.ToString(), ct);
    }

    /// <summary>SITE CHMOD 644 file: what lftp's mirror and FileZilla send to keep permissions.</summary>
    private static async ValueTask ChmodAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (!session.Offers(StorageCapabilities.UnixModes))
        {
            // 504, "not implemented for that parameter" (RFC 959): SITE is, its CHMOD is not here.
            await session.ReplyAsync(504, $"SITE CHMOD is not offered: {StorageWords.Lacking(StorageCapabilities.UnixModes)}.", ct).ConfigureAwait(false);
            return;
        }

        var parts = argument.Split(' ', 2);
        if (parts.Length < 2 || parts[0].Length is 0 or > 4 || !parts[0].All(c => c is >= '0' and <= '7'))
        {
            await session.ReplyAsync(501, "Syntax: SITE CHMOD <octal mode, e.g. 644> <path>.", ct).ConfigureAwait(false);
            return;
        }

        var path = await session.ResolveOrReplyAsync(parts[1], ct).ConfigureAwait(false);
        if (path is null || !await session.CheckLocksOrReplyAsync(path, LockDepth.Zero, parts[1], ct).ConfigureAwait(false))
        {
            return;
        }

        // Set-user-ID, set-group-ID and sticky bits are never set (the storage keeps 0777 at most):
        // a client that asked for them is told, not left to believe they were set.
        const int PermissionBits = 0x1FF; // 0777
        var requested = Convert.ToInt32(parts[0], 8);
        var mode = (UnixFileMode)(requested & PermissionBits);
        var result = await session.Files!.SetModeAsync(path, mode, ct).ConfigureAwait(false);
        var done = (requested & ~PermissionBits) == 0
            ? "SITE CHMOD command successful."
            : $"SITE CHMOD command successful: mode {Convert.ToString((int)mode, 8).PadLeft(3, '0')} set; the set-user-ID, set-group-ID and sticky bits ({requested >> 9}000 in {parts[0]}) are never set on this server and were dropped.";
        await ReplyAsync(session, result, parts[1], 200, done, ct).ConfigureAwait(false);
    }

    private static async ValueTask<FileEntry?> StatFileAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (await session.StatOrReplyAsync(argument, ct).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        if (found.Entry.IsDirectory)
        {
            await session.ReplyAsync(550, $"{FtpSession.Printable(argument)}: not a regular file.", ct).ConfigureAwait(false);
            return null;
        }

        return found.Entry;
    }

    private static ValueTask ReplyAsync(FtpSession session, FileResult result, string what, int code, string text, CancellationToken ct) =>
        result.Ok ? session.ReplyAsync(code, text, ct) : session.ReplyErrorAsync(result.Error, what, ct);
}
