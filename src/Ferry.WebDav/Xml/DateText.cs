using System.Globalization;
using System.Runtime.CompilerServices;

namespace Ferry.WebDav.Xml;

/// <summary>
/// A date in one invariant format as UTF-8 (digits, letters and punctuation: nothing to escape),
/// remembering the last second it formatted. The formats PROPFIND writes ("R" for getlastmodified,
/// "s" for creationdate) show whole seconds, and the files of a folder often share their
/// modification second: a listing then formats once per distinct second instead of once per entry.
/// </summary>
internal sealed class DateText(string format)
{
    // Longer than any invariant form of the standard formats PROPFIND uses (29 bytes for "R").
    private readonly byte[] _text = new byte[64];
    private long _second = long.MinValue;
    private int _length;

    /// <summary>The text of <paramref name="value"/>; valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Format(DateTime value)
    {
        var second = value.Ticks / TimeSpan.TicksPerSecond;
        if (second != _second || _length == 0)
        {
            if (!value.TryFormat(_text, out _length, format, CultureInfo.InvariantCulture))
            {
                throw new FormatException($"The date format {format} wrote more than {_text.Length} bytes.");
            }

            _second = second;
        }

        return _text.AsSpan(0, _length);
    }
}
