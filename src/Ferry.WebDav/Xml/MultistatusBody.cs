using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Xml;

/// <summary>
/// A 207 Multi-Status body (RFC 4918 13) written as UTF-8 bytes into one pooled buffer (see
/// <see cref="MarkupBuffer"/>), which goes to the response body whenever it is full enough, so a
/// listing of any size streams out in large writes and memory stays bounded. PROPFIND writes
/// through it; answers of a response or two use <see cref="MultistatusWriter"/>.
/// </summary>
internal sealed class MultistatusBody : IDisposable
{
    // Large enough that a listing costs few writes to the connection; small enough to stay out of
    // the large-object heap's way per request.
    private const int DrainBytes = 64 * 1024;

    private readonly HttpResponse _response;
    private readonly CancellationToken _aborted;

    private MultistatusBody(HttpResponse response, CancellationToken aborted)
    {
        _response = response;
        _aborted = aborted;
    }

    /// <summary>Where the body is written; the root element is open.</summary>
    public MarkupBuffer Output { get; } = new(DrainBytes + 8 * 1024);

    /// <summary>Whether enough is buffered to be sent; check between response elements.</summary>
    public bool IsFull => Output.Length >= DrainBytes;

    /// <summary>Sets 207 and the content type and opens &lt;D:multistatus&gt;.</summary>
    public static MultistatusBody Start(HttpResponse response, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = DavStatus.MultiStatus;
        response.ContentType = DavXml.ContentType;
        var body = new MultistatusBody(response, aborted);
        body.Output.Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?><D:multistatus xmlns:D=\"DAV:\">"u8);
        return body;
    }

    /// <summary>A &lt;D:response&gt; with an href and a status only (RFC 4918 14.24), and an error element when given.</summary>
    public void WriteStatusResponse(string href, int status, string? errorElement = null)
    {
        ArgumentNullException.ThrowIfNull(href);
        Output.Raw("<D:response><D:href>"u8);
        Output.Text(href);
        Output.Raw("</D:href><D:status>"u8);
        Output.Text(DavStatus.Line(status));
        Output.Raw("</D:status>"u8);
        if (errorElement is not null)
        {
            Output.Raw("<D:error><D:"u8);
            Output.Raw(errorElement);
            Output.Raw(" /></D:error>"u8);
        }

        Output.Raw("</D:response>"u8);
    }

    /// <summary>Sends what is buffered.</summary>
    public async ValueTask DrainAsync()
    {
        if (Output.Length == 0)
        {
            return;
        }

        await _response.Body.WriteAsync(Output.Written, _aborted).ConfigureAwait(false);
        Output.Clear();
    }

    /// <summary>Closes &lt;D:multistatus&gt; and sends the rest.</summary>
    public ValueTask FinishAsync()
    {
        Output.Raw("</D:multistatus>"u8);
        return DrainAsync();
    }

    public void Dispose() => Output.Dispose();
}
