using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Xml;

/// <summary>
/// Writes a 207 Multi-Status body (RFC 4918 13) with one XmlWriter. The writer fills an in-memory
/// buffer, never the network, so its calls do not block; the buffer goes to the response body
/// asynchronously whenever it is full enough (after each response element), so a listing of any
/// size streams out in large writes and memory stays bounded.
/// </summary>
public sealed class MultistatusWriter : IAsyncDisposable
{
    // Large enough that a listing costs few writes to the connection; small enough to stay out of
    // the large-object heap's way per request.
    private const int DrainBytes = 64 * 1024;

    private readonly HttpResponse _response;
    private readonly MemoryStream _buffer = new(DrainBytes + 8 * 1024);
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

    /// <summary>Sends what is buffered once there is enough of it. Call between response elements.</summary>
    public ValueTask DrainIfFullAsync()
    {
        // The writer moves its own small buffer into ours whenever that fills, so ours grows
        // without a flush per call; only a drain flushes it.
        if (_buffer.Length < DrainBytes)
        {
            return ValueTask.CompletedTask;
        }

        Xml.Flush();
        return DrainAsync();
    }

    /// <summary>Closes &lt;D:multistatus&gt; and sends the rest.</summary>
    public async Task FinishAsync()
    {
        Xml.WriteEndElement();
        Xml.WriteEndDocument();
        Xml.Flush();
        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>A &lt;D:response&gt; with an href and a status only (RFC 4918 14.24).</summary>
    public void WriteStatusResponse(string href, int status, string? errorElement = null)
    {
        Xml.WriteStartElement("D", "response", DavXml.Namespace);
        Xml.WriteElementString("D", "href", DavXml.Namespace, href);
        Xml.WriteElementString("D", "status", DavXml.Namespace, DavStatus.Line(status));
        if (errorElement is not null)
        {
            Xml.WriteStartElement("D", "error", DavXml.Namespace);
            Xml.WriteStartElement("D", errorElement, DavXml.Namespace);
            Xml.WriteEndElement();
            Xml.WriteEndElement();
        }

        Xml.WriteEndElement();
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
