using System.Runtime.Versioning;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Net;
using Ferry.Core.Paths;
using Ferry.Storage.Local;
using Ferry.WebDav.Tests.Support;
using Ferry.WebDav.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;

namespace Ferry.WebDav.Tests;

/// <summary>
/// GET and HEAD of a local disk's files, where a whole file is opened once and described from the
/// open file: the same answers as the look-up by name gives (validators, 304, 412, folders, missing
/// names, ranges, missing rights).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class GetMethodLocalStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-dav-get-").FullName;
    private readonly LocalStorage _storage;

    public GetMethodLocalStorageTests()
    {
        _storage = new LocalStorage(_root, LocalStorageOptions.Default);
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        File.WriteAllText(Path.Combine(_root, "docs", "a.txt"), "hello, world");
    }

    public void Dispose()
    {
        _storage.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<string> StoredETagAsync() =>
        (await _storage.StatAsync(VfsPath.Parse("/docs/a.txt"), CancellationToken.None))!.ETag!;

    [Fact]
    public async Task A_whole_file_comes_with_the_validators_a_look_up_gives()
    {
        var host = new DavTestHost(storage: _storage);

        var get = await host.SendAsync("GET", "/docs/a.txt");

        Assert.Equal(200, get.Status);
        Assert.Equal("hello, world", get.Body);
        Assert.Equal(await StoredETagAsync(), get.Headers.ETag.ToString());
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(_root, "docs", "a.txt")).ToString("R"), get.Headers.LastModified.ToString());
        Assert.Equal("bytes", get.Headers.AcceptRanges.ToString());
        Assert.Equal(12, get.Headers.ContentLength);
    }

    [Fact]
    public async Task Preconditions_answer_from_the_opened_file()
    {
        var host = new DavTestHost(storage: _storage);
        var etag = await StoredETagAsync();

        var notModified = await host.SendAsync("GET", "/docs/a.txt", headers: DavTestHost.Headers(("If-None-Match", etag)));
        var failed = await host.SendAsync("GET", "/docs/a.txt", headers: DavTestHost.Headers(("If-Match", "\"other\"")));

        Assert.Equal(304, notModified.Status);
        Assert.Equal(etag, notModified.Headers.ETag.ToString());
        Assert.Empty(notModified.Bytes);
        Assert.Equal(412, failed.Status);
        Assert.Equal(etag, failed.Headers.ETag.ToString());
    }

    [Fact]
    public async Task HEAD_answers_the_headers_without_the_body()
    {
        var host = new DavTestHost(storage: _storage);

        var head = await host.SendAsync("HEAD", "/docs/a.txt");

        Assert.Equal(200, head.Status);
        Assert.Equal(12, head.Headers.ContentLength);
        Assert.Empty(head.Bytes);
    }

    [Theory]
    [InlineData("/docs/", 200)]
    [InlineData("/docs/missing.txt", 404)]
    [InlineData("/docs/a.txt/b", 404)]
    public async Task What_is_no_file_is_answered_the_usual_way(string target, int status)
    {
        var host = new DavTestHost(storage: _storage);

        var get = await host.SendAsync("GET", target);

        Assert.Equal(status, get.Status);
        if (status == 200)
        {
            Assert.Contains("a.txt", get.Body); // the folder's HTML listing
        }
    }

    [Fact]
    public async Task A_range_is_answered_the_usual_way()
    {
        var host = new DavTestHost(storage: _storage);

        var part = await host.SendAsync("GET", "/docs/a.txt", headers: DavTestHost.Headers(("Range", "bytes=7-")));

        Assert.Equal(206, part.Status);
        Assert.Equal("world", part.Body);
        Assert.Equal("bytes 7-11/12", part.Headers.ContentRange.ToString());
    }

    [Theory]
    [InlineData(Permissions.List)]
    [InlineData(Permissions.Read)]
    public async Task Without_List_or_Read_the_file_is_refused(Permissions rights)
    {
        var host = new DavTestHost(storage: _storage, alicePermissions: rights);

        var get = await host.SendAsync("GET", "/docs/a.txt");

        Assert.Equal(403, get.Status);
        Assert.DoesNotContain("hello", get.Body);
    }

    public enum Contention
    {
        Never,
        FromTheStart,
        AfterTheFirstWrite,
    }

    [Theory]
    [InlineData(Contention.Never, new long[0])]
    [InlineData(Contention.FromTheStart, new long[] { 0, 3 * 1024 * 1024 + 5, 0 })]
    [InlineData(Contention.AfterTheFirstWrite, new long[] { 1024 * 1024, 2 * 1024 * 1024 + 5, 1024 * 1024 })]
    public async Task A_client_on_this_machine_is_copied_the_file_until_its_connection_is_contended_and_the_rest_goes_by_the_kernel(Contention contention, long[] kernelSend)
    {
        var content = new byte[3 * 1024 * 1024 + 5];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(_root, "docs", "big.bin"), content);
        var host = new DavTestHost(options: new WebDavOptions { CopyToLocalClients = true }, storage: _storage);
        var kernel = new RecordingKernelSend();
        if (contention == Contention.FromTheStart)
        {
            kernel.Contention.Add(0, 1_000_000_000); // a second spent waiting: a full window
        }

        var get = await host.SendAsync("GET", "/docs/big.bin", prepare: http =>
        {
            http.Features.Set<IKernelFileSend>(kernel);
            if (contention == Contention.AfterTheFirstWrite)
            {
                http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new ContendedOnFirstWrite(http.Response.Body, kernel.Contention)));
            }
        });

        Assert.Equal(200, get.Status);
        Assert.Equal(kernelSend, kernel.Calls.SelectMany(c => new[] { c.Offset, c.Count, c.Written }));
        Assert.Equal(content, get.Bytes);
    }

    /// <summary>Sends by reading the file into the response body, and records what it was asked.</summary>
    private sealed class RecordingKernelSend : IKernelFileSend
    {
        public CpuContention Contention { get; } = new(measure: false);

        public List<(long Offset, long Count, long Written)> Calls { get; } = [];

        public async Task<long> SendFileAsync(HttpResponse response, SafeFileHandle file, long offset, long count, long written, TransferProgress? progress, CancellationToken cancellationToken)
        {
            Assert.Equal(response.ContentLength, written + count);
            Calls.Add((offset, count, written));
            var bytes = new byte[count];
            Assert.Equal(count, RandomAccess.Read(file, bytes, offset));
            await response.Body.WriteAsync(bytes, cancellationToken);
            return count;
        }
    }

    /// <summary>A response body whose first write makes the connection contended, as a busy processor would.</summary>
    private sealed class ContendedOnFirstWrite(Stream inner, CpuContention contention) : Stream
    {
        private bool _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            if (!_written)
            {
                _written = true;
                contention.Add(0, 1_000_000_000);
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }
    }
}
