using Ferry.WebDav.Methods;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Tests;

/// <summary>When a PUT's body asks the kernel to wake its reader per chunk (SO_RCVLOWAT), and when never.</summary>
public sealed class BodyLowWaterTests
{
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_fast_body_far_from_its_end_is_woken_per_chunk()
    {
        Assert.Equal(BodyLowWater.ChunkBytes, BodyLowWater.MarkFor(GiB, 512 * 1024, Fast));
    }

    [Fact]
    public void A_slow_round_wakes_at_every_byte_again_so_a_slow_client_s_progress_is_seen()
    {
        Assert.Equal(1, BodyLowWater.MarkFor(GiB, 512 * 1024, BodyLowWater.FastRound + TimeSpan.FromMilliseconds(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(BodyLowWater.ChunkBytes)]
    [InlineData(BodyLowWater.ChunkBytes + BodyLowWater.BufferedBytes)]
    public void The_end_of_a_body_arrives_without_a_mark_it_might_never_reach(long unread)
    {
        // What Kestrel may hold beyond what the reader was shown must never leave the mark above what is still on its way.
        Assert.Equal(1, BodyLowWater.MarkFor(GiB, GiB - unread, Fast));
    }

    [Fact]
    public void One_byte_more_than_the_margin_still_gets_the_mark()
    {
        Assert.Equal(BodyLowWater.ChunkBytes, BodyLowWater.MarkFor(GiB, GiB - (BodyLowWater.ChunkBytes + BodyLowWater.BufferedBytes + 1), Fast));
    }

    [Fact]
    public void A_body_over_TLS_chunked_or_small_gets_none()
    {
        Assert.Null(BodyLowWater.For(Request(https: true, length: GiB)));
        Assert.Null(BodyLowWater.For(Request(https: false, length: null)));
        Assert.Null(BodyLowWater.For(Request(https: false, length: BodyLowWater.ChunkBytes + BodyLowWater.BufferedBytes)));
    }

    [Fact]
    public void A_transport_without_a_socket_gets_none()
    {
        Assert.Null(BodyLowWater.For(Request(https: false, length: GiB)));
    }

    private static DefaultHttpContext Request(bool https, long? length)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "PUT";
        http.Request.Scheme = https ? "https" : "http";
        http.Request.ContentLength = length;
        return http;
    }
}
