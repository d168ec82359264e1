using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Ftp.Commands;

namespace Ferry.Ftp.Session;

/// <summary>Reply helpers shared by the command handlers.</summary>
public sealed partial class FtpSession
{
    public ValueTask ReplyErrorAsync(FileError error, string what, CancellationToken cancellationToken)
    {
        // The account's quota, rather than a full disk: say how full (RFC 959 552, "exceeded storage allocation").
        if (error == FileError.Quota && Files?.TakeQuotaRefusal() is { } quota)
        {
            return ReplyAsync(552, $"{Printable(what)}: {quota}.", cancellationToken);
        }

        var (code, text) = FileErrorReplies.For(error, Printable(what));

        // The request filter's own words: which file type, or which size, is not allowed here.
        if (error is FileError.Filtered or FileError.TooLarge && Files?.TakeFilterRefusal() is { } filtered)
        {
            text = $"{Printable(what)}: {filtered}.";
        }

        return ReplyAsync(code, text, cancellationToken);
    }

    /// <summary>A path in a 257 reply: quoted, with embedded quotes doubled (RFC 959 appendix II).</summary>
    public static string Quote(VfsPath path) => "\"" + Printable(path.Value).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Resolves and stats an argument, or answers 553/550 and returns null.</summary>
    public async ValueTask<(VfsPath Path, FileEntry Entry)?> StatOrReplyAsync(string argument, CancellationToken cancellationToken)
    {
        var path = await ResolveOrReplyAsync(argument, cancellationToken).ConfigureAwait(false);
        if (path is null)
        {
            return null;
        }

        var stat = await Files!.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (!stat.Ok)
        {
            await ReplyErrorAsync(stat.Error, argument.Length == 0 ? path.Value : argument, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return (path, stat.Value!);
    }

    /// <summary>Resolves an argument or answers 553 and returns null.</summary>
    public async ValueTask<VfsPath?> ResolveOrReplyAsync(string argument, CancellationToken cancellationToken)
    {
        var path = Resolve(argument);
        if (path is null)
        {
            await ReplyAsync(553, $"'{Printable(argument)}' is not a valid path name.", cancellationToken).ConfigureAwait(false);
        }

        return path;
    }
}
