using System.Net;
using Ferry.Core.Audit;
using Ferry.Testing;
using Ferry.WebDav.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.WebDav.Tests;

/// <summary>Every WebDAV request becomes one audit event: method, path, status, body bytes, user, never the password.</summary>
public sealed class RequestAuditTests
{
    [Fact]
    public async Task A_put_is_logged_with_the_bytes_received_and_the_user()
    {
        var audit = new RecordingAuditLog();
        var host = new DavTestHost(audit: audit);
        var response = await host.SendAsync("PUT", "/a%20b.txt", body: "hello world");
        Assert.Equal(201, response.Status);

        var put = audit.Single("PUT");
        Assert.Equal("/a b.txt", put.Path);
        Assert.Equal(201, put.Status);
        Assert.Equal(11, put.BytesReceived);
        Assert.Equal(AuditTransfer.Upload, put.Transfer);
        Assert.Equal(DavTestHost.Alice, put.User);
        Assert.Equal("http", put.Protocol);
        Assert.Equal("c1", put.SessionId);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40000), put.Client);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), put.Server);
        Assert.Equal(0, put.Win32Status);
    }

    [Fact]
    public async Task A_get_is_logged_with_the_bytes_sent_and_the_response_still_arrives()
    {
        var audit = new RecordingAuditLog();
        var host = new DavTestHost(audit: audit);
        await host.PutFileAsync("/f.txt", "0123456789");
        var response = await host.SendAsync("GET", "/f.txt", https: true);
        Assert.Equal("0123456789", response.Body);

        var get = audit.Single("GET");
        Assert.Equal(200, get.Status);
        Assert.Equal(10, get.BytesSent);
        Assert.Equal(AuditTransfer.Download, get.Transfer);
        Assert.Equal("https", get.Protocol);
    }

    [Fact]
    public async Task A_refused_logon_is_logged_with_401_and_the_name_tried_never_the_password()
    {
        var audit = new RecordingAuditLog();
        var host = new DavTestHost(audit: audit);
        var response = await host.SendAsync("PROPFIND", "/", password: "wrong-secret-5");
        Assert.Equal(401, response.Status);

        var entry = Assert.Single(audit.Events);
        Assert.Equal(("PROPFIND", "/", 401, DavTestHost.Alice), (entry.Method, entry.Path, entry.Status, entry.User));
        Assert.False(entry.Succeeded);
        Assert.DoesNotContain("wrong-secret-5", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deletes_and_moves_are_logged_with_their_status()
    {
        var audit = new RecordingAuditLog();
        var host = new DavTestHost(audit: audit);
        await host.PutFileAsync("/a.txt", "x");
        await host.SendAsync("MOVE", "/a.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/b.txt")));
        await host.SendAsync("DELETE", "/b.txt");
        await host.SendAsync("DELETE", "/b.txt");

        Assert.Equal([("MOVE", 201), ("DELETE", 204), ("DELETE", 404)], audit.Events.Select(e => (e.Method, e.Status)));
    }

    [Fact]
    public async Task A_range_a_head_and_a_304_are_logged_with_the_body_bytes_they_sent()
    {
        var audit = new RecordingAuditLog();
        var host = new DavTestHost(audit: audit);
        await host.PutFileAsync("/f.txt", "0123456789");
        var range = await host.SendAsync("GET", "/f.txt", headers: DavTestHost.Headers(("Range", "bytes=2-5")));
        Assert.Equal("2345", range.Body);
        var head = await host.SendAsync("HEAD", "/f.txt");
        Assert.Equal(10, head.Headers.ContentLength);
        var notModified = await host.SendAsync("GET", "/f.txt", headers: DavTestHost.Headers(("If-None-Match", head.Headers.ETag.ToString())));
        Assert.Equal(304, notModified.Status);

        Assert.Equal([("GET", 206, 4L), ("HEAD", 200, 0L), ("GET", 304, 0L)], audit.Events.Select(e => (e.Method, e.Status, e.BytesSent)));
    }

    [Fact]
    public async Task A_request_its_handler_aborts_is_logged_as_broken_off_before_the_token_is_cancelled()
    {
        // Kestrel cancels RequestAborted on the thread pool after an abort; DefaultHttpContext's
        // lifetime feature never does, so the request ends with the token still uncancelled, as it may on Kestrel.
        var audit = new RecordingAuditLog();
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/f.txt";
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
        var request = RequestAudit.Begin(http, audit, TimeProvider.System)!;
        await http.Response.StartAsync();
        await http.Response.BodyWriter.WriteAsync(new byte[100]);

        http.Abort();
        request.End(audit);

        Assert.False(http.RequestAborted.IsCancellationRequested);
        var get = audit.Single("GET");
        Assert.Equal(64, get.Win32Status);
    }

    [Fact]
    public async Task A_body_written_to_the_response_stream_is_counted_as_a_file_is()
    {
        var audit = new RecordingAuditLog();
        var host = new DavTestHost(audit: audit);
        var put = await host.SendAsync("PUT", "/missing/a.txt", body: "x");
        var listing = await host.SendAsync("GET", "/");

        Assert.Equal(409, put.Status);
        Assert.NotEmpty(listing.Bytes);
        Assert.Equal([put.Bytes.Length, listing.Bytes.Length], audit.Events.Select(e => (int)e.BytesSent));
    }
}
