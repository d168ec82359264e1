using System.Text;

namespace Ferry.Bench;

/// <summary>
/// Reads CRLF- (or LF-) terminated lines from a stream through one reusable buffer. Used for server
/// replies by the client and for commands by the stub server.
/// </summary>
public sealed class LineReader(Stream stream, int initialBuffer = 512)
{
    /// <summary>A reply or command longer than this is a broken peer, not a line to keep buffering.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private Stream _stream = stream;
    private byte[] _buffer = new byte[initialBuffer];
    private int _start;
    private int _end;

    public bool HasBufferedData => _end > _start;

    /// <summary>After AUTH TLS the same reader continues over the TLS stream; no plain bytes may be left over.</summary>
    public void SwitchStream(Stream stream)
    {
        if (HasBufferedData)
        {
            throw new FtpProtocolException("server sent data after the AUTH TLS reply, before the TLS handshake", false);
        }

        _stream = stream;
    }

    /// <summary>The next line without its line end, or null at end of stream on a line boundary.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancel)
    {
        var scanned = _start;
        // Bounded: every pass reads at least one byte into a buffer capped at MaxLineBytes, or returns.
        while (true)
        {
            if (TryTakeLine(ref scanned) is { } line)
            {
                return line;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancel).ConfigureAwait(false);
            if (read == 0)
            {
                return EndOfStream();
            }

            _end += read;
        }
    }

    /// <summary>The blocking twin of <see cref="ReadLineAsync"/>, for the stub's per-connection threads.</summary>
    public string? ReadLine()
    {
        var scanned = _start;
        // Bounded as ReadLineAsync; the stream's read timeout bounds each wait.
        while (true)
        {
            if (TryTakeLine(ref scanned) is { } line)
            {
                return line;
            }

            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                return EndOfStream();
            }

            _end += read;
        }
    }

    /// <summary>A whole buffered line, or null after making room for the next read.</summary>
    private string? TryTakeLine(ref int scanned)
    {
        var found = _buffer.AsSpan(scanned, _end - scanned).IndexOf((byte)'\n');
        if (found >= 0)
        {
            var newline = scanned + found;
            var length = newline - _start;
            if (length > 0 && _buffer[newline - 1] == (byte)'\r')
            {
                length--;
            }

            var line = Encoding.Latin1.GetString(_buffer, _start, length);
            _start = newline + 1;
            if (_start == _end)
            {
                _start = _end = 0;
            }

            return line;
        }

        scanned = _end;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                scanned -= _start;
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length >= MaxLineBytes)
            {
                throw new FtpProtocolException($"line longer than {MaxLineBytes} bytes", false);
            }
            else
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineBytes));
            }
        }

        return null;
    }

    private string? EndOfStream() =>
        _end > _start ? throw new FtpProtocolException("connection closed in the middle of a line", false) : null;
}
