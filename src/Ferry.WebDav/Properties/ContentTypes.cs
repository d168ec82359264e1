using System.Collections.Frozen;
using System.Runtime.CompilerServices;
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

    /// <summary>The type of the name's extension (from its last '.', as FileExtensionContentTypeProvider takes it), or <see cref="Default"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string For(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var dot = fileName.LastIndexOf('.');
        return dot >= 0 && Table.TryGetValue(fileName.AsSpan(dot), out var type) ? type : Default;
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
