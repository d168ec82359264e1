using System.Globalization;
using Ferry.Ftp.Session;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Commands;

/// <summary>Small extensions clients send: AVBL (free space), CLNT (client name), LANG (RFC 2640).</summary>
internal static class ExtensionCommands
{
    /// <summary>A client name is for logs; a longer one helps nobody and would only fill them.</summary>
    private const int MaxClientName = 100;

    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("AVBL", ArgumentRule.Optional, "[<directory>]", "Gives the bytes available for uploads to a directory.", AvblAsync, Feature: "AVBL"),
        new("CLNT", ArgumentRule.Required, "<client name>", "Tells the server the client's name and version; shown in the log and the session list.", ClntAsync, NeedsLogin: false),
        new("LANG", ArgumentRule.Optional, "[<language>]", "Sets the language of replies (RFC 2640); only EN is offered.", LangAsync, NeedsLogin: false, Feature: "LANG EN*"),
    ];

    /// <summary>AVBL (draft-peterson-streamlined-ftp-command-extensions): 213 and the number of bytes, from the storage (and quota) through FileService.</summary>
    private static async ValueTask AvblAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var path = await session.ResolveOrReplyAsync(argument, ct).ConfigureAwait(false);
        if (path is null)
        {
            return;
        }

        var available = await session.Files!.AvailableBytesAsync(path, ct).ConfigureAwait(false);
        var shown = argument.Length == 0 ? path.Value : argument;
        if (!available.Ok)
        {
            await session.ReplyErrorAsync(available.Error, shown, ct).ConfigureAwait(false);
            return;
        }

        await session.ReplyAsync(213, available.Value.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
    }

    private static ValueTask ClntAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var name = FtpSession.Printable(argument.Trim());
        session.ClientName = name.Length > MaxClientName ? name[..MaxClientName] : name;
        session.Registration.Software = session.ClientName;
        session.Logger.LogInformation("FTP session {Session}: client calls itself {Client}", session.Connection.Id, LogText.Escape(session.ClientName));
        return session.ReplyAsync(200, "Noted.", ct);
    }

    /// <summary>
    /// RFC 2640 section 4.1: LANG with no argument returns to the default language; a language the
    /// server does not have is 504. Replies are English only, so EN (and its variants) is all there is.
    /// </summary>
    private static ValueTask LangAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var tag = argument.Trim();
        if (tag.Length == 0 || tag.Equals("EN", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("EN-", StringComparison.OrdinalIgnoreCase))
        {
            return session.ReplyAsync(200, "Language set to EN.", ct);
        }

        return session.ReplyAsync(504, $"Language '{FtpSession.Printable(tag)}' is not offered; replies are in English (EN) only.", ct);
    }
}
