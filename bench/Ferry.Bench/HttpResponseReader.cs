using System.Globalization;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// Reads HTTP/1.x responses from a stream, one after the other on a keep-alive connection, and
/// counts (without keeping) their bodies: Content-Length, chunked, or until the server closes.
/// Interim 1xx responses are skipped. Every line and the header count are bounded.
/// </summary>
public sealed class HttpResponseReader(Stream stream, int bufferBytes = 16 * 1024)
{
    /// <summary>No status or header line a real server sends comes near this; a longer one is garbage.</summary>
    public const int MaxLineBytes = 8 * 1024;

    /// <summary>Servers send a dozen headers; a hundred means something is wrong.</summary>
    public const int MaxHeaders = 100;

    private readonly byte[] _buffer = new byte[Math.Max(bufferBytes, MaxLineBytes)];
    private int _start;
    private int _end;

    /// <param name="bodyless">The request was HEAD: no body follows whatever the headers say.</param>
    public async ValueTask<HttpResponse> ReadAsync(bool bodyless, CancellationToken cancel)
    {
        // Bounded: each interim response consumes at least one line, and a server sends one or two.
        for (var interim = 0; interim < 10; interim++)
        {
            var statusLine = await ReadLineAsync(cancel).ConfigureAwait(false)
                ?? throw new HttpResponseException("connection closed before a status line");
            var (status, http10) = ParseStatusLine(statusLine);
            long? contentLength = null;
            var chunked = false;
            bool? connectionClose = null;
            for (var headers = 0; ; headers++)
            {
                if (headers > MaxHeaders)
                {
                    throw new HttpResponseException($"more than {MaxHeaders} header lines");
                }

                var line = await ReadLineAsync(cancel).ConfigureAwait(false)
                    ?? throw new HttpResponseException("connection closed inside the headers");
                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new HttpResponseException($"malformed header line '{Shorten(line)}'");
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                    {
                        throw new HttpResponseException($"bad Content-Length '{Shorten(value)}'");
                    }

                    contentLength = length;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Split(',').Select(v => v.Trim()).Contains("chunked", StringComparer.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    var tokens = value.Split(',').Select(v => v.Trim()).ToArray();
                    if (tokens.Contains("close", StringComparer.OrdinalIgnoreCase))
                    {
                        connectionClose = true;
                    }
                    else if (tokens.Contains("keep-alive", StringComparer.OrdinalIgnoreCase))
                    {
                        connectionClose ??= false;
                    }
                }
            }

            if (status is >= 100 and < 200)
            {
                continue;
            }

            var keepAlive = !(connectionClose ?? http10);
            if (bodyless || status is 204 or 304)
            {
                return new HttpResponse(status, 0, keepAlive);
            }

            if (chunked)
            {
                return new HttpResponse(status, await SkipChunkedAsync(cancel).ConfigureAwait(false), keepAlive);
            }

            if (contentLength is { } known)
            {
                await SkipAsync(known, cancel).ConfigureAwait(false);
                return new HttpResponse(status, known, keepAlive);
            }

            // Neither length nor chunks: the body ends when the server closes (RFC 9112, 6.3).
            return new HttpResponse(status, await SkipToEndAsync(cancel).ConfigureAwait(false), false);
        }

        throw new HttpResponseException("more than 10 interim (1xx) responses");
    }

    public static (int Status, bool Http10) ParseStatusLine(string line)
    {
        // "HTTP/1.1 200 OK": the reason phrase may be empty or missing.
        if (line.Length < 12 || !line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line[8] != ' '
            || !int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || status < 100 || (line.Length > 12 && line[12] != ' '))
        {
            throw new HttpResponseException($"not an HTTP/1.x status line: '{Shorten(line)}'");
        }

        return (status, line[7] == '0');
    }

    private async ValueTask<long> SkipChunkedAsync(CancellationToken cancel)
    {
        long total = 0;
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancel).ConfigureAwait(false)
                ?? throw new HttpResponseException("connection closed before a chunk size");
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var hex = (semicolon < 0 ? sizeLine : sizeLine[..semicolon]).Trim();
            if (hex.Length is 0 or > 15 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            {
                throw new HttpResponseException($"bad chunk size '{Shorten(sizeLine)}'");
            }

            if (size == 0)
            {
                // Trailer fields, then the empty line; bounded like headers.
                for (var trailers = 0; ; trailers++)
                {
                    if (trailers > MaxHeaders)
                    {
                        throw new HttpResponseException($"more than {MaxHeaders} trailer lines");
                    }

                    var trailer = await ReadLineAsync(cancel).ConfigureAwait(false)
                        ?? throw new HttpResponseException("connection closed inside the trailers");
                    if (trailer.Length == 0)
                    {
                        return total;
                    }
                }
            }

            await SkipAsync(size, cancel).ConfigureAwait(false);
            total += size;
            var end = await ReadLineAsync(cancel).ConfigureAwait(false);
            if (end is not { Length: 0 })
            {
                throw new HttpResponseException("chunk not followed by CRLF");
            }
        }
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancel)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancel).ConfigureAwait(false))
            {
                throw new HttpResponseException($"connection closed with {count} body bytes still to come");
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async ValueTask<long> SkipToEndAsync(CancellationToken cancel)
    {
        long total = _end - _start;
        _start = _end;
        while (await FillAsync(cancel).ConfigureAwait(false))
        {
            total += _end - _start;
            _start = _end;
        }

        return total;
    }

    /// <summary>One line without its CRLF (a bare LF is accepted); null at a clean end of stream.</summary>
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancel)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                if (length > MaxLineBytes)
                {
                    throw new HttpResponseException($"a line longer than {MaxLineBytes} bytes");
                }

                var line = Encoding.Latin1.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }

            scanned = _end - _start;
            if (scanned >= MaxLineBytes)
            {
                throw new HttpResponseException($"a line longer than {MaxLineBytes} bytes");
            }

            if (!await FillAsync(cancel).ConfigureAwait(false))
            {
                if (_end == _start)
                {
                    return null;
                }

                throw new HttpResponseException("connection closed in the middle of a line");
            }
        }
    }

    /// <summary>Reads more after what is buffered (moved to the front first); false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancel)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancel).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
