using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Xml;

/// <summary>The error bodies of RFC 4918 16: &lt;D:error&gt; naming the precondition that failed (the one writer every method uses).</summary>
internal static class DavErrorXml
{
    /// <summary>
    /// Answers <paramref name="status"/> with &lt;D:error&gt;&lt;D:<paramref name="condition"/>&gt;, holding a
    /// &lt;D:href&gt; for each of <paramref name="hrefs"/>. Built in memory (a few hundred bytes) so the
    /// response carries its length.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, int status, string condition, IEnumerable<string> hrefs)
    {
        using var body = new MemoryStream();
        await using (var writer = XmlWriter.Create(body, DavXml.WriterSettings))
        {
            await writer.WriteStartDocumentAsync().ConfigureAwait(false);
            await writer.WriteStartElementAsync("D", "error", DavXml.Namespace).ConfigureAwait(false);
            await writer.WriteStartElementAsync("D", condition, DavXml.Namespace).ConfigureAwait(false);
            foreach (var href in hrefs)
            {
                await writer.WriteElementStringAsync("D", "href", DavXml.Namespace, href).ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndDocumentAsync().ConfigureAwait(false);
        }

        await SendAsync(http, status, body).ConfigureAwait(false);
    }

    /// <summary>Sends an XML body built in memory with <paramref name="status"/>.</summary>
    public static async Task SendAsync(HttpContext http, int status, MemoryStream body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = DavXml.ContentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), http.RequestAborted).ConfigureAwait(false);
    }
}
