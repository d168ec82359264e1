using Microsoft.Net.Http.Headers;

namespace Ferry.WebDav.Methods;

/// <summary>What a GET sends of a file: all of it, one range of it, or nothing (416).</summary>
internal readonly record struct ByteRange(long Start, long Length, RangeKind Kind)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// The part of a file of <paramref name="fileLength"/> bytes that a Range header asks for. Only one
    /// range is served as 206: several (multipart/byteranges) get the whole file, which RFC 9110 14.2
    /// allows and every client copes with. A header that does not parse, or another unit, is ignored.
    /// </summary>
    public static ByteRange Pick(string? rangeHeader, long fileLength)
    {
        var whole = new ByteRange(0, fileLength, RangeKind.Whole);
        if (string.IsNullOrWhiteSpace(rangeHeader)
            || !RangeHeaderValue.TryParse(rangeHeader, out var parsed)
            || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || parsed.Ranges.Count != 1)
        {
            return whole;
        }

        var range = parsed.Ranges.First();
        long start, end;
        if (range.From is { } from)
        {
            start = from;
            end = range.To is { } to && to < fileLength ? to : fileLength - 1;
        }
        else if (range.To is { } suffix)
        {
            start = Math.Max(0, fileLength - suffix);
            end = suffix == 0 ? -1 : fileLength - 1;
        }
        else
        {
            return whole;
        }

        return start >= fileLength || end < start
            ? new ByteRange(0, 0, RangeKind.Unsatisfiable)
            : new ByteRange(start, end - start + 1, RangeKind.Partial);
    }
}

internal enum RangeKind
{
    Whole,
    Partial,
    Unsatisfiable,
}
