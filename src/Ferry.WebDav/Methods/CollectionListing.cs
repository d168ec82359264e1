using System.Globalization;
using System.Net;
using System.Text;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Methods;

/// <summary>
/// The HTML page a browser gets for a GET on a collection, as IIS directory browsing gave: a link to
/// the parent, then folders, then files, each with its size and modification time. Every href is
/// built by <see cref="DavRequest.Href"/> (escaped, under the prefix) and every text is HTML-encoded,
/// so no file name can inject markup.
/// </summary>
internal static class CollectionListing
{
    public const string ContentType = "text/html; charset=utf-8";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Folders first, then files, each by name as a person reads it (case-insensitive, then exact).</summary>
    public static List<FileEntry> Order(IEnumerable<FileEntry> entries) =>
        [.. entries.OrderBy(e => e.IsDirectory ? 0 : 1).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Name, StringComparer.Ordinal)];

    public static async Task WriteAsync(DavRequest request, IReadOnlyList<FileEntry> entries, Stream body)
    {
        var path = request.Path;
        var title = WebUtility.HtmlEncode("Index of " + path.Value + (path.IsRoot ? "" : "/"));

        // 16 KiB chunks: a listing of thousands of names goes out as it is written, never whole in memory twice.
        var writer = new StreamWriter(body, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync($"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>body{{font-family:sans-serif}}td{{padding:0 1em 0 0}}td.n{{text-align:right}}</style></head>\n<body><h1>{title}</h1>\n<table>\n<tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr>\n").ConfigureAwait(false);
            if (!path.IsRoot)
            {
                await writer.WriteAsync($"<tr><td><a href=\"{WebUtility.HtmlEncode(request.Href(path.Parent, isCollection: true))}\">Parent folder</a></td><td></td><td></td></tr>\n").ConfigureAwait(false);
            }

            foreach (var entry in entries)
            {
                var href = WebUtility.HtmlEncode(request.Href(path.Combine(entry.Name), entry.IsDirectory));
                var name = WebUtility.HtmlEncode(entry.IsDirectory ? entry.Name + "/" : entry.Name);
                var size = entry.IsDirectory ? "" : entry.Length.ToString("N0", CultureInfo.InvariantCulture);
                var modified = entry.LastModified.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                await writer.WriteAsync($"<tr><td><a href=\"{href}\">{name}</a></td><td class=\"n\">{size}</td><td>{modified}</td></tr>\n").ConfigureAwait(false);
            }

            await writer.WriteAsync("</table>\n</body></html>\n").ConfigureAwait(false);
        }
    }
}
