using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Xml;

/// <summary>A status with a &lt;D:error&gt; body naming the precondition that failed (RFC 4918 16).</summary>
public static class DavErrors
{
    public static async Task WriteAsync(HttpContext http, int status, string condition)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(condition);
        http.Response.StatusCode = status;
        http.Response.ContentType = DavXml.ContentType;
        var body = $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:{condition}/></D:error>\n";
        await http.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body), http.RequestAborted).ConfigureAwait(false);
    }
}
