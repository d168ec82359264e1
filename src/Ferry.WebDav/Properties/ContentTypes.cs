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
}
