using System.Buffers;
using Ferry.Core.Storage;

namespace Ferry.Ftp.Protocol;

/// <summary>
/// Writes directory listing lines. Unix style matches `ls -l` (what nearly every client parses);
/// MS-DOS style matches IIS ("11-26-26  03:16PM       &lt;DIR&gt;          name").
/// </summary>
public sealed class ListFormatter(ListStyle style, TimeProvider time)
{
    /// <summary>Writes one LIST line for <paramref name="entry"/>, CRLF included, as UTF-8.</summary>
    public void WriteListLine(FileEntry entry, IBufferWriter<byte> output)
    {
        _ = (style, time);
        throw new NotImplementedException();
    }

    /// <summary>Writes one NLST line: the name (or <paramref name="prefix"/> + name), CRLF included.</summary>
    public static void WriteNameLine(string? prefix, string name, IBufferWriter<byte> output)
    {
        throw new NotImplementedException();
    }
}
