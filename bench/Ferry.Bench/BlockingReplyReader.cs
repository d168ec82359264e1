using System.Text;

namespace Ferry.Bench;

/// <summary>
/// Reads RFC 959 replies (single line, or "123-..." up to "123 ...") with blocking reads through one
/// reused byte buffer, and hands back the code and the reply's bytes without decoding a string: the
/// small-files path reads four replies per file, and their allocations would be the driver's cost.
/// </summary>
public sealed class BlockingReplyReader(Stream stream, int bufferBytes = BlockingReplyReader.DefaultBufferBytes)
{
    /// <summary>Holds any ordinary reply whole; a longer multi-line reply keeps only its latest lines.</summary>
    public const int DefaultBufferBytes = 8 * 1024;

    /// <summary>Bounds a multi-line reply (FEAT, HELP) so that a broken server cannot grow it forever.</summary>
    private const int MaxReplyLines = 1000;

    private readonly byte[] _buffer = new byte[bufferBytes];
    private int _start;
    private int _end;
    private int _replyStart;
    private int _replyEnd;
    private int _lineStart;
    private int _scan;

    /// <summary>The last reply's lines (CRLF between them, none after), valid until the next read.</summary>
    public ReadOnlySpan<byte> Text => _buffer.AsSpan(_replyStart, _replyEnd - _replyStart);

    /// <summary>The last reply as a string, for failure reports only.</summary>
    public string TextString => Encoding.Latin1.GetString(Text).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Whether bytes past the last reply are buffered (none may be before a TLS handshake).</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>Reads the next reply and returns its code; <see cref="Text"/> holds it.</summary>
    public int ReadReply()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        _replyStart = _lineStart = _scan = _start;
        var code = -1;
        for (var lines = 0; lines < MaxReplyLines; lines++)
        {
            var newline = NextNewline();
            var lineEnd = newline > _lineStart && _buffer[newline - 1] == (byte)'\r' ? newline - 1 : newline;
            var line = _buffer.AsSpan(_lineStart, lineEnd - _lineStart);
            bool last;
            if (code < 0)
            {
                if (!TryParseCode(line, out code) || (line.Length > 3 && line[3] is not (byte)' ' and not (byte)'-'))
                {
                    throw new FtpProtocolException($"malformed reply line '{Truncate(line)}'", false);
                }

                last = line.Length == 3 || line[3] == (byte)' ';
            }
            else
            {
                last = (line.Length == 3 || (line.Length > 3 && line[3] == (byte)' ')) && TryParseCode(line, out var end) && end == code;
            }

            _lineStart = _scan = newline + 1;
            if (last)
            {
                _replyEnd = lineEnd;
                _start = newline + 1;
                return code;
            }
        }

        throw new FtpProtocolException($"multi-line reply longer than {MaxReplyLines} lines", false);
    }

    /// <summary>The index of the next '\n' at or after the current line, reading as needed.</summary>
    private int NextNewline()
    {
        // Bounded: every pass reads at least one byte into a buffer of fixed size, or throws.
        while (true)
        {
            var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
            if (found >= 0)
            {
                return _scan + found;
            }

            _scan = _end;
            if (_end == _buffer.Length)
            {
                MakeRoom();
            }

            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                throw new FtpProtocolException(
                    _end > _replyStart ? "connection closed in the middle of a reply" : "connection closed while waiting for a reply", false);
            }

            _end += read;
        }
    }

    /// <summary>Moves the reply to the front; drops a long multi-line reply's older lines, never a line being read.</summary>
    private void MakeRoom()
    {
        var keep = _replyStart > 0 ? _replyStart : _lineStart;
        if (keep == 0)
        {
            throw new FtpProtocolException($"reply line longer than {_buffer.Length} bytes", false);
        }

        Buffer.BlockCopy(_buffer, keep, _buffer, 0, _end - keep);
        _end -= keep;
        _scan -= keep;
        _lineStart -= keep;
        _replyStart = Math.Max(0, _replyStart - keep);
    }

    private static bool TryParseCode(ReadOnlySpan<byte> line, out int code)
    {
        code = 0;
        if (line.Length < 3 || !IsDigit(line[0]) || !IsDigit(line[1]) || !IsDigit(line[2]))
        {
            return false;
        }

        code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static string Truncate(ReadOnlySpan<byte> line) =>
        line.Length <= 80 ? Encoding.Latin1.GetString(line) : Encoding.Latin1.GetString(line[..80]) + "...";
}
