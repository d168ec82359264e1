using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Ferry.Ftp.Session;

/// <summary>
/// The session's one serialised writer of replies. The command loop and a background transfer both
/// reply, so writes take a lock: two replies never interleave on the wire.
/// </summary>
public sealed class ReplyWriter(Func<PipeWriter> output)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>
    /// Writes a reply. Text with several lines becomes an RFC 959 section 4.2 multi-line reply:
    /// "123-first", the middle lines (indented by a space when they could be taken for a last line),
    /// then "123 last".
    /// </summary>
    public async ValueTask WriteAsync(int code, string text, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = output();
            Format(code, text, writer);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A reply as the bytes <see cref="WriteAsync"/> would send, for connection middleware that answers before a session exists.</summary>
    public static string ToText(int code, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Format(code, text, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static void Format(int code, string text, IBufferWriter<byte> writer)
    {
        var codeText = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lines = text.Split('\n');
        if (lines.Length == 1)
        {
            WriteLine(writer, codeText + " " + Clean(text));
            return;
        }

        WriteLine(writer, codeText + "-" + Clean(lines[0]));
        for (var i = 1; i < lines.Length - 1; i++)
        {
            var line = Clean(lines[i]);
            // A middle line that starts with three digits and a space would end the reply early
            // for a client (RFC 959 4.2); a leading space keeps it a middle line.
            WriteLine(writer, LooksLikeReplyStart(line) ? " " + line : line);
        }

        WriteLine(writer, codeText + " " + Clean(lines[^1]));
    }

    private static bool LooksLikeReplyStart(string line) =>
        line.Length >= 4 && char.IsAsciiDigit(line[0]) && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2]) && (line[3] == ' ' || line[3] == '-');

    // CR and LF inside a reply would let a file name inject a reply line of its own.
    private static string Clean(string line) => line.Replace("\r", "", StringComparison.Ordinal);

    private static void WriteLine(IBufferWriter<byte> writer, string line)
    {
        var byteCount = Encoding.UTF8.GetByteCount(line) + 2;
        var span = writer.GetSpan(byteCount);
        var written = Encoding.UTF8.GetBytes(line, span);
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        writer.Advance(written + 2);
    }
}
