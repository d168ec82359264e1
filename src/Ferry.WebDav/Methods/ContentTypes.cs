using Microsoft.AspNetCore.StaticFiles;

namespace Ferry.WebDav.Methods;

/// <summary>The Content-Type of a file, from its extension (the table IIS and ASP.NET Core's static files use).</summary>
internal static class ContentTypes
{
    /// <summary>Unknown extensions are bytes: a browser then offers to save rather than guess and render.</summary>
    public const string Default = "application/octet-stream";

    // The provider's table is only read after construction.
    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static string For(string name) => Provider.TryGetContentType(name, out var type) ? type : Default;
}
