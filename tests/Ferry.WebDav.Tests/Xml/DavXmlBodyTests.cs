using System.Text;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Tests.Xml;

public sealed class DavXmlBodyTests
{
    private static readonly WebDavOptions Options = new() { MaxXmlBodyBytes = 4096 };

    /// <summary>A request body that hands out one byte per read, as a slow client's chunks arrive.</summary>
    private sealed class TrickleStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == content.Length || buffer.Length == 0)
            {
                return 0;
            }

            buffer[0] = content[_position++];
            return 1;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static Task<XmlBodyResult> ReadTrickledAsync(string text, long? contentLength = null) =>
        DavXmlBody.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(text)), contentLength, Options, default);

    [Fact]
    public async Task A_body_arriving_one_byte_at_a_time_is_read_whole()
    {
        const string Body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><x:caf\u00e9 xmlns:x=\"urn:\U00010000\"/></D:prop></D:propfind>";

        var result = await ReadTrickledAsync(Body);

        Assert.False(result.Failed, result.Problem);
        Assert.Equal(Body, Encoding.UTF8.GetString(result.Body!));
        var parsed = PropFindBody.Parse(result.Body!, Options)!;
        Assert.Equal("caf\u00e9", Assert.Single(parsed.Names).LocalName);
        Assert.Equal("urn:\U00010000", parsed.Names[0].Namespace);
    }

    [Fact]
    public async Task A_chunked_body_over_the_bound_is_413_without_a_length_announced()
    {
        var result = await ReadTrickledAsync("<a>" + new string('x', 5000) + "</a>");

        Assert.Equal(413, result.Status);
    }

    [Fact]
    public async Task An_announced_length_over_the_bound_is_413_before_reading()
    {
        var result = await DavXmlBody.ReadAsync(new TrickleStream([]), 10_000, Options, default);

        Assert.Equal(413, result.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    public async Task A_blank_body_is_empty(string body)
    {
        var result = await ReadTrickledAsync(body);

        Assert.True(result.IsEmpty);
        Assert.False(result.Failed);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\" encoding=\"utf-8\"?><a/>")]
    [InlineData("<?xml version=\"1.0\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\" encoding=\"iso-8859-1\"?><a/>")]
    public async Task A_declaration_whose_encoding_switch_fails_in_the_reader_is_400_with_a_sentence(string body)
    {
        // More bytes beyond ASCII in the version than follow the declaration: .NET's reader throws an
        // ArgumentOutOfRangeException when it switches to the named encoding, not an XmlException (fuzz target davxml).
        var result = await ReadTrickledAsync(body);

        Assert.Equal(400, result.Status);
        Assert.Equal("The body is not well-formed XML: its declaration or encoding cannot be read.", result.Problem);
    }

    [Fact]
    public async Task The_same_declaration_in_raw_bytes_beyond_ASCII_is_400()
    {
        byte[] body = [.. "<?xml version=\"1.0"u8, .. Enumerable.Repeat((byte)0xB7, 5), .. "\" encoding=\"utf-8\"?><a/>"u8];

        var result = await DavXmlBody.ReadAsync(new MemoryStream(body), body.Length, Options, default);

        Assert.Equal(400, result.Status);
    }

    [Fact]
    public async Task An_external_entity_is_refused_and_never_fetched()
    {
        var result = await ReadTrickledAsync("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");

        Assert.Equal(400, result.Status);
        Assert.DoesNotContain("root:", result.Problem, StringComparison.Ordinal);
    }
}
