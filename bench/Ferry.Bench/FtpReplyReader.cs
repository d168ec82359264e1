using System.Text;

namespace Ferry.Bench;

/// <summary>Assembles RFC 959 replies (single line "123 text", multi-line "123-..." up to "123 ...").</summary>
public sealed class FtpReplyReader(LineReader lines)
{
    /// <summary>Bounds a multi-line reply (FEAT, HELP) so that a broken server cannot grow it forever.</summary>
    private const int MaxReplyLines = 1000;

    public async ValueTask<FtpReply> ReadReplyAsync(CancellationToken cancel)
    {
        var first = await lines.ReadLineAsync(cancel).ConfigureAwait(false)
            ?? throw new FtpProtocolException("connection closed while waiting for a reply", false);
        var code = ParseCode(first);
        if (first.Length < 4 || first[3] != '-')
        {
            return new FtpReply(code, first);
        }

        var text = new StringBuilder(first);
        for (var count = 1; count < MaxReplyLines; count++)
        {
            var line = await lines.ReadLineAsync(cancel).ConfigureAwait(false)
                ?? throw new FtpProtocolException("connection closed in a multi-line reply", false);
            text.Append('\n').Append(line);
            if (line.Length >= 3 && (line.Length == 3 || line[3] == ' ') && TryParseCode(line, out var last) && last == code)
            {
                return new FtpReply(code, text.ToString());
            }
        }

        throw new FtpProtocolException($"multi-line reply longer than {MaxReplyLines} lines", false);
    }

    private static int ParseCode(string line) =>
        TryParseCode(line, out var code) && (line.Length == 3 || line[3] is ' ' or '-')
            ? code
            : throw new FtpProtocolException($"malformed reply line '{Truncate(line)}'", false);

    private static bool TryParseCode(string line, out int code)
    {
        code = 0;
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]))
        {
            return false;
        }

        code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        return true;
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
