using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Xml;

/// <summary>
/// UTF-8 XML written straight into a pooled byte buffer: markup as literal bytes, text and attribute
/// values escaped exactly as <see cref="System.Xml.XmlWriter"/> escapes them (with its default
/// settings: characters checked, new lines replaced). PROPFIND writes one response per listed entry
/// through it instead of through an XmlWriter, whose state checks per call and char-to-UTF-8 pass
/// cost more than the listing itself.
/// </summary>
/// <remarks>
/// The methods a listing calls per entry are compiled fully optimised from their first call
/// (AggressiveOptimization) and check characters with a scalar bit set rather than SearchValues:
/// a benchmark's first requests otherwise run them, and SearchValues' generic vector code, as
/// unoptimised tier-0 code for thousands of entries before tiering replaces it.
/// </remarks>
internal sealed class MarkupBuffer : IDisposable
{
    // Printable ASCII that element text carries unchanged (XmlWriter escapes <, > and &).
    private static readonly AsciiSet PlainText = AsciiSet.Of(
        " !\"#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // RFC 3986 unreserved characters: what Uri.EscapeDataString leaves as they are.
    private static readonly AsciiSet Unreserved = AsciiSet.Of(
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Element text given as UTF-8 (a raw listing's name): what <see cref="Text(string)"/> writes for
    /// the string of it. Printable ASCII without markup characters is copied as it is; any other text
    /// is decoded into a buffer on the stack (or the pool, for a very long one) and escaped as a string is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Text(ReadOnlySpan<byte> utf8)
    {
        if (TryAscii(utf8, PlainText))
        {
            return;
        }

        // At most one char per byte.
        char[]? rented = null;
        var chars = utf8.Length <= 512 ? stackalloc char[utf8.Length] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            Escape(chars[..Utf8.GetChars(utf8, chars)], attribute: false);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The same as <see cref="TryAscii(ReadOnlySpan{char}, in AsciiSet)"/> for bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryAscii(ReadOnlySpan<byte> span, in AsciiSet allowed)
    {
        var output = Free(span.Length)[..span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            if (!allowed.Contains((char)span[i]))
            {
                return false;
            }

            output[i] = span[i];
        }

        _length += span.Length;
        return true;
    }

    /// <summary>Copies <paramref name="span"/> a byte per char when every char is in <paramref name="allowed"/> (ASCII only); false, and nothing written, otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryAscii(ReadOnlySpan<char> span, in AsciiSet allowed)
    {
        // Copied while checked, in one pass: bytes past the written length count only when all pass.
        var output = Free(span.Length)[..span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (!allowed.Contains(c))
            {
                return false;
            }

            output[i] = (byte)c;
        }

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            PercentEncode(utf8[..Utf8.GetBytes(span, utf8)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The same for a segment given as UTF-8 (a raw listing's name): the bytes <see cref="EscapedSegment(string)"/> writes for the string of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EscapedSegment(ReadOnlySpan<byte> utf8)
    {
        if (!TryAscii(utf8, Unreserved))
        {
            PercentEncode(utf8);
        }
    }

    /// <summary>Every byte outside the unreserved set as %XX (upper-case hex, as Uri.EscapeDataString writes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PercentEncode(ReadOnlySpan<byte> utf8)
    {
        var output = Free(utf8.Length * 3);
        var at = 0;
        foreach (var b in utf8)
        {
            if (Unreserved.Contains((char)b))
            {
                output[at++] = b;
            }
            else
            {
                output[at++] = (byte)'%';
                output[at++] = "0123456789ABCDEF"u8[b >> 4];
                output[at++] = "0123456789ABCDEF"u8[b & 0xF];
            }
        }

        _length += at;
    }

    /// <summary>A number in invariant digits (what long.ToString(CultureInfo.InvariantCulture) writes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(long value)
    {
        // 20 bytes: a sign and 19 digits.
        Utf8Formatter.TryFormat(value, Free(20), out var written);
        _length += written;
    }

    /// <summary>An entity tag of time and size, written from its numbers (ASCII: nothing XML must escape).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Tag(in TimeSizeTag tag) => _length += tag.WriteUtf8(Free(TimeSizeTag.MaxLength));

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>A set of ASCII characters as a 128-bit map: a shift and a mask per character checked.</summary>
    private readonly record struct AsciiSet(ulong Low, ulong High)
    {
        public static AsciiSet Of(string chars)
        {
            ulong low = 0, high = 0;
            foreach (var c in chars)
            {
                if (c < 64)
                {
                    low |= 1UL << c;
                }
                else
                {
                    high |= 1UL << (c - 64);
                }
            }

            return new AsciiSet(low, high);
        }

        public bool Contains(char c) => c < 64 ? ((Low >> c) & 1) != 0 : c < 128 && ((High >> (c - 64)) & 1) != 0;
    }
}
