using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Xml;

/// <summary>
/// Writes a 207 Multi-Status body (RFC 4918 13) with one XmlWriter, for answers of a response or
/// two (PROPPATCH). The writer fills an in-memory buffer, never the network, so its calls do not
/// block; the buffer goes to the response body asynchronously at the end. Listings (PROPFIND) use
/// <see cref="MultistatusBody"/>, which writes bytes without an XmlWriter.
/// </summary>
public sealed class MultistatusWriter : IAsyncDisposable
{
    private readonly HttpResponse _response;
    private readonly MemoryStream _buffer = new();
    private readonly CancellationToken _aborted;

    private MultistatusWriter(HttpResponse response, CancellationToken aborted)
    {
        _response = response;
        _aborted = aborted;
        Xml = XmlWriter.Create(_buffer, DavXml.WriterSettings);
    }

    public XmlWriter Xml { get; }

    /// <summary>Sets 207 and the content type and opens &lt;D:multistatus&gt;.</summary>
    public static MultistatusWriter Start(HttpResponse response, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = DavStatus.MultiStatus;
        response.ContentType = DavXml.ContentType;
        var writer = new MultistatusWriter(response, aborted);
        writer.Xml.WriteStartDocument();
        writer.Xml.WriteStartElement("D", "multistatus", DavXml.Namespace);
        return writer;
    }

    /// <summary>Closes &lt;D:multistatus&gt; and sends the rest.</summary>
    public async Task FinishAsync()
    {
        Xml.WriteEndElement();
        Xml.WriteEndDocument();
        Xml.Flush();
        await DrainAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Xml.DisposeAsync().ConfigureAwait(false);
        await _buffer.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask DrainAsync()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        await _response.Body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), _aborted).ConfigureAwait(false);
        _buffer.SetLength(0);
    }
}
