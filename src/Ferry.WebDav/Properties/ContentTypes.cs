using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;

namespace Ferry.WebDav.Properties;

/// <summary>A file's media type by its extension (ASP.NET Core's table), for getcontenttype and GET's Content-Type.</summary>
public static class ContentTypes
{
    /// <summary>Unknown extensions are bytes: a browser then offers to save rather than guess and render.</summary>
    public const string Default = "application/octet-stream";

    // ASP.NET Core's table (keys ".ext", any case), frozen and looked up by the extension's span:
    // the provider's own TryGetContentType cuts a substring per call, once per entry of a PROPFIND
    // that shows getcontenttype. Read-only: the table is looked up, never changed.
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Table =
        new FileExtensionContentTypeProvider().Mappings.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    // The longest extension of the table, with its dot, in chars.
    private static readonly int LongestExtension = Table.Dictionary.Keys.Max(key => key.Length);

    /// <summary>The type of the name's extension (from its last '.', as FileExtensionContentTypeProvider takes it), or <see cref="Default"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string For(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var dot = fileName.LastIndexOf('.');
        return dot >= 0 && Table.TryGetValue(fileName.AsSpan(dot), out var type) ? type : Default;
    }

    /// <summary>
    /// The same for a name given as UTF-8 (a raw listing's name), without a string: the extension (from
    /// the last '.', a byte no multi-byte character contains) is decoded into a buffer on the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string For(ReadOnlySpan<byte> fileName)
    {
        var dot = fileName.LastIndexOf((byte)'.');
        if (dot < 0)
        {
            return Default;
        }

        // UTF-8 takes at most three bytes per char: past that, the extension is longer than any in the table.
        var extension = fileName[dot..];
        if (extension.Length > 3 * LongestExtension)
        {
            return Default;
        }

        Span<char> chars = stackalloc char[extension.Length];
        return Table.TryGetValue(chars[..Encoding.UTF8.GetChars(extension, chars)], out var type) ? type : Default;
    }

    /// <summary>
    /// True for a type a browser shows as a document that can run script: HTML, XHTML, SVG and any XML
    /// (which may carry XHTML or an XSLT that makes HTML). A PDF, an image or text does not script the
    /// page's origin, and a sandbox would stop some browsers' own viewers from showing it.
    /// </summary>
    public static bool IsActiveDocument(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var type = contentType.AsSpan();
        var parameters = type.IndexOf(';');
        type = (parameters < 0 ? type : type[..parameters]).Trim();
        return type.Equals("text/html", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
    }
}
