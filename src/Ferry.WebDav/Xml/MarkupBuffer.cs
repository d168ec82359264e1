using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ferry.WebDav.Xml;

/// <summary>
/// UTF-8 XML written straight into a pooled byte buffer: markup as literal bytes, text and attribute
/// values escaped exactly as <see cref="System.Xml.XmlWriter"/> escapes them (with its default
/// settings: characters checked, new lines replaced). PROPFIND writes one response per listed entry
/// through it instead of through an XmlWriter, whose state checks per call and char-to-UTF-8 pass
/// cost more than the listing itself.
/// </summary>
internal sealed class MarkupBuffer : IDisposable
{
    // Printable ASCII that element text carries unchanged (XmlWriter escapes <, > and &).
    private static readonly SearchValues<char> PlainText = SearchValues.Create(
        " !\"#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // RFC 3986 unreserved characters: what Uri.EscapeDataString leaves as they are.
    private static readonly SearchValues<char> Unreserved = SearchValues.Create(
        "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _bytes;
    private int _length;

    public MarkupBuffer(int capacity) => _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>Bytes written since the last <see cref="Clear"/>.</summary>
    public int Length => _length;

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Markup that needs no escaping (a UTF-8 literal).</summary>
    public void Raw(ReadOnlySpan<byte> markup)
    {
        markup.CopyTo(Free(markup.Length));
        _length += markup.Length;
    }

    /// <summary>
    /// Markup rendered elsewhere (a stored property's element, a lock's XML), as XmlWriter.WriteRaw
    /// writes it: not escaped, but with its line breaks (CR LF, CR, LF) written as the platform's new line.
    /// </summary>
    public void Raw(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        if (markup.Contains('\r') || (Environment.NewLine != "\n" && markup.Contains('\n')))
        {
            markup = markup.ReplaceLineEndings(Environment.NewLine);
        }

        Encode(markup);
    }

    /// <summary>What <see cref="Raw(string)"/> writes for <paramref name="markup"/>, as bytes to copy into many responses.</summary>
    public static byte[] RawBytes(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        using var buffer = new MarkupBuffer(Utf8.GetMaxByteCount(markup.Length) + 16);
        buffer.Raw(markup);
        return buffer.Written.ToArray();
    }

    /// <summary>Element text, escaped as XmlWriter.WriteString escapes it.</summary>
    public void Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan();
        // Printable ASCII without markup characters (names, types, tags): one byte per char.
        if (!TryAscii(span, PlainText))
        {
            Escape(span, attribute: false);
        }
    }

    /// <summary>Copies <paramref name="span"/> a byte per char when every char is in <paramref name="allowed"/> (ASCII only); false, and nothing written, otherwise.</summary>
    private bool TryAscii(ReadOnlySpan<char> span, SearchValues<char> allowed)
    {
        if (span.ContainsAnyExcept(allowed))
        {
            return false;
        }

        Encoding.ASCII.GetBytes(span, Free(span.Length));
        _length += span.Length;
        return true;
    }

    /// <summary>An attribute value (between double quotes), escaped as XmlWriter escapes attribute values.</summary>
    public void Attribute(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Escape(value, attribute: true);
    }

    /// <summary>
    /// A path segment percent-encoded as <see cref="Uri.EscapeDataString(string)"/> encodes it (every
    /// UTF-8 byte outside the unreserved set as %XX); the result has nothing XML must escape.
    /// </summary>
    public void EscapedSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var span = segment.AsSpan();
        if (TryAscii(span, Unreserved))
        {
            return;
        }

        // A name is a few hundred bytes at most; the rare long one is encoded through the pool.
        var max = Utf8.GetMaxByteCount(span.Length);
        byte[]? rented = null;
        var utf8 = max <= 1024 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var count = Utf8.GetBytes(span, utf8);
            var output = Free(count * 3);
            var at = 0;
            foreach (var b in utf8[..count])
            {
                if (b < 0x80 && Unreserved.Contains((char)b))
                {
                    output[at++] = b;
                }
                else
                {
                    output[at++] = (byte)'%';
                    output[at++] = (byte)"0123456789ABCDEF"[b >> 4];
                    output[at++] = (byte)"0123456789ABCDEF"[b & 0xF];
                }
            }

            _length += at;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A number in invariant digits.</summary>
    public void Number(long value)
    {
        value.TryFormat(Free(20), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>A date in an invariant format (digits, letters and punctuation: nothing to escape).</summary>
    public void Date(DateTime value, string format)
    {
        if (!value.TryFormat(Free(64), out var written, format, CultureInfo.InvariantCulture))
        {
            throw new FormatException($"The date format {format} wrote more than 64 bytes.");
        }

        _length += written;
    }

    public void Dispose()
    {
        var bytes = _bytes;
        _bytes = [];
        _length = 0;
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void Encode(ReadOnlySpan<char> text)
    {
        var count = Utf8.GetMaxByteCount(text.Length);
        _length += Utf8.GetBytes(text, Free(count));
    }

    /// <summary>
    /// The slow path of <see cref="Text"/> and <see cref="Attribute"/>: XmlWriter's escapes, its
    /// refusal of characters XML cannot carry (as an ArgumentException, as XmlWriter throws), and
    /// its new-line handling (in text CR LF and CR become the platform's new line; in attributes
    /// tab, CR and LF become character references).
    /// </summary>
    private void Escape(ReadOnlySpan<char> value, bool attribute)
    {
        var run = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            ReadOnlySpan<byte> replacement;
            switch (c)
            {
                case '<':
                    replacement = "&lt;"u8;
                    break;
                case '>':
                    replacement = "&gt;"u8;
                    break;
                case '&':
                    replacement = "&amp;"u8;
                    break;
                case '"' when attribute:
                    replacement = "&quot;"u8;
                    break;
                case '\t' when attribute:
                    replacement = "&#x9;"u8;
                    break;
                case '\n' when attribute:
                    replacement = "&#xA;"u8;
                    break;
                case '\r' when attribute:
                    replacement = "&#xD;"u8;
                    break;
                case '\r' or '\n':
                    Encode(value[run..i]);
                    if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    Encode(Environment.NewLine);
                    run = i + 1;
                    continue;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        i++;
                        continue;
                    }

                    if ((c < 0x20 && c != '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        throw new ArgumentException($"'{(int)c:X4}' is a character XML cannot carry.", nameof(value));
                    }

                    continue;
            }

            Encode(value[run..i]);
            Raw(replacement);
            run = i + 1;
        }

        Encode(value[run..]);
    }

    /// <summary>At least <paramref name="count"/> free bytes after what is written; the buffer doubles when it must.</summary>
    private Span<byte> Free(int count)
    {
        if (_bytes.Length - _length < count)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + count));
            _bytes.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = grown;
        }

        return _bytes.AsSpan(_length);
    }
}
