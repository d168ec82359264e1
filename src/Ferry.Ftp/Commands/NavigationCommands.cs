using Ferry.Ftp.Session;

namespace Ferry.Ftp.Commands;

/// <summary>Where the session stands: CWD CDUP PWD SMNT and the RFC 775 X-aliases Windows' ftp.exe sends.</summary>
internal static class NavigationCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("CWD", ArgumentRule.Required, "<path>", "Changes the working directory.", CwdAsync, Audit: AuditAs.FolderChange),
        new("XCWD", ArgumentRule.Required, "<path>", "Same as CWD (RFC 775).", CwdAsync, Audit: AuditAs.FolderChange),
        new("CDUP", ArgumentRule.None, "", "Changes to the parent directory.", CdupAsync, Audit: AuditAs.FolderChange),
        new("XCUP", ArgumentRule.None, "", "Same as CDUP (RFC 775).", CdupAsync, Audit: AuditAs.FolderChange),
        new("PWD", ArgumentRule.None, "", "Prints the working directory.", PwdAsync),
        new("XPWD", ArgumentRule.None, "", "Same as PWD (RFC 775).", PwdAsync),
        new("SMNT", ArgumentRule.Required, "<path>", "Mounts a file system; not offered here.", SmntAsync),
    ];

    private static async ValueTask CwdAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return;
        }

        await ChangeToAsync(session, path, argument, ct).ConfigureAwait(false);
    }

    private static ValueTask CdupAsync(FtpSession session, string argument, CancellationToken ct) =>
        ChangeToAsync(session, session.CurrentDirectory.Parent, "..", ct);

    private static async ValueTask ChangeToAsync(FtpSession session, Core.Paths.VfsPath path, string shown, CancellationToken ct)
    {
        // Some right in the folder itself, not List on its parent: a folder the account may do
        // nothing in is closed to it (seeing it listed is no right to stand in it), and a drop box
        // that may only write in /incoming can go there, as curl does before STOR.
        var entered = await session.Files!.EnterAsync(path, ct).ConfigureAwait(false);
        if (!entered.Ok)
        {
            await session.ReplyErrorAsync(entered.Error, shown, ct).ConfigureAwait(false);
            return;
        }

        session.CurrentDirectory = path;
        await session.ReplyAsync(250, $"Directory changed to {FtpSession.Quote(path)}.", ct).ConfigureAwait(false);
    }

    private static ValueTask PwdAsync(FtpSession session, string argument, CancellationToken ct) =>
        session.ReplyAsync(257, $"{FtpSession.Quote(session.CurrentDirectory)} is the current directory.", ct);

    private static ValueTask SmntAsync(FtpSession session, string argument, CancellationToken ct) =>
        session.ReplyAsync(502, "SMNT is not implemented: each account sees one file system.", ct);
}
