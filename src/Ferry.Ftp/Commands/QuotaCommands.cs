using System.Globalization;
using Ferry.Ftp.Session;

namespace Ferry.Ftp.Commands;

/// <summary>AVBL (draft-peterson-streamlined-ftp-command-extensions): the bytes the account may still store.</summary>
internal static class QuotaCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("AVBL", ArgumentRule.Optional, "[<path>]", "Tells how many bytes may still be stored.", AvblAsync, Feature: "AVBL"),
    ];

    /// <summary>
    /// 213 and the bytes left under the account's byte quota; 550 when no quota says (the file
    /// system's free space is not asked here). The path only has to be a folder the account sees.
    /// </summary>
    private static async ValueTask AvblAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (argument.Length > 0)
        {
            var stat = await session.StatOrReplyAsync(argument, ct).ConfigureAwait(false);
            if (stat is null)
            {
                return;
            }

            if (!stat.Value.Entry.IsDirectory)
            {
                await session.ReplyErrorAsync(Core.Files.FileError.NotADirectory, argument, ct).ConfigureAwait(false);
                return;
            }
        }

        var remaining = await session.Files!.QuotaRemainingAsync(ct).ConfigureAwait(false);
        await (remaining is { } bytes
            ? session.ReplyAsync(213, bytes.ToString(CultureInfo.InvariantCulture), ct)
            : session.ReplyAsync(550, "The space available is not known: this account has no byte quota.", ct)).ConfigureAwait(false);
    }
}
