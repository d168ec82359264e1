using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.WebDav.Tests.Support;

/// <summary>Requests whose body is a stream the test controls (one that fails half way, or never ends as announced).</summary>
internal static class StreamedRequests
{
    public static async Task<DavResponse> SendStreamAsync(this DavTestHost host, string method, string target, Stream body, long? contentLength, CancellationToken aborted = default, params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        http.Request.Path = new PathString(Uri.UnescapeDataString(target));
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1", 8080);
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        http.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DavTestHost.Alice}:{DavTestHost.Password}"));
        foreach (var (name, value) in headers)
        {
            http.Request.Headers.Append(name, value);
        }

        http.Request.Body = body;
        http.RequestAborted = aborted;
        http.Request.ContentLength = contentLength;
        var responseBody = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        await host.Server.HandleAsync(http);
        await http.Response.CompleteAsync();
        return new DavResponse(http.Response.StatusCode, http.Response.Headers, responseBody.ToArray());
    }
}

/// <summary>A request body that delivers <paramref name="before"/> bytes and then fails, as a connection cut mid-upload does.</summary>
internal sealed class BreakingStream(int before, Func<Exception> failure) : Stream
{
    public BreakingStream(int before, Exception failure)
        : this(before, () => failure)
    {
    }

    private int _delivered;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _delivered; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_delivered >= before)
        {
            throw failure();
        }

        // Small pieces, as a network delivers them.
        var count = Math.Min(Math.Min(buffer.Length, before - _delivered), 1000);
        buffer[..count].Fill((byte)'n');
        _delivered += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
