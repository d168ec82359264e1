using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.StaticFiles;

namespace Ferry.WebDav.Properties;

/// <summary>A file's media type by its extension (ASP.NET Core's table), for getcontenttype and GET's Content-Type.</summary>
public static class ContentTypes
{
    /// <summary>Unknown extensions are bytes: a browser then offers to save rather than guess and render.</summary>
    public const string Default = "application/octet-stream";

    // Read-only after construction: the table is looked up, never changed.
    private static readonly FileExtensionContentTypeProvider Table = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string For(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Table.TryGetContentType(fileName, out var type) ? type : Default;
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
