using System.IO.Compression;

namespace Ferry.Ftp.Protocol;

/// <summary>zlib's levels 0-9 as OPTS MODE Z LEVEL names them.</summary>
public static class DeflateLevels
{
    /// <summary>zlib's own default (6): most of the gain of 9 at a fraction of its CPU.</summary>
    public const int Default = 6;

    public const int Max = 9;

    /// <summary>The level as zlib takes it (.NET passes it through unchanged since .NET 9).</summary>
    public static ZLibCompressionOptions Options(int level) => new() { CompressionLevel = level };
}
