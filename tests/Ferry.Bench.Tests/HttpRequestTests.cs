using System.Net;
using System.Text;

namespace Ferry.Bench.Tests;

public class HttpRequestTests
{
    private static readonly HttpTarget Target = new(new IPEndPoint(IPAddress.Loopback, 8311), "alice", "pässword", Tls: false, "ferry");

    [Fact]
    public void A_GET_carries_host_and_Basic_credentials_in_UTF8()
    {
        var request = Encoding.ASCII.GetString(HttpConnection.GetRequest(Target, "/small/f00042"));

        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pässword"));
        Assert.Equal($"GET /small/f00042 HTTP/1.1\r\nHost: 127.0.0.1:8311\r\nAuthorization: Basic {credentials}\r\n\r\n", request);
    }

    [Fact]
    public void An_IPv6_host_goes_in_brackets()
    {
        var target = Target with { Endpoint = new IPEndPoint(IPAddress.IPv6Loopback, 8443) };

        Assert.Equal("[::1]:8443", target.HostHeader);
    }

    [Theory]
    [InlineData("small/f00000")]
    [InlineData("/a b")]
    [InlineData("/a\r\nX-Injected: 1")]
    [InlineData("/é")]
    public void Refuses_a_path_that_is_not_absolute_and_encoded(string path)
    {
        Assert.Throws<ArgumentException>(() => HttpConnection.GetRequest(Target, path));
    }

    [Fact]
    public void A_target_prints_without_its_password()
    {
        Assert.DoesNotContain("pässword", Target.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", Target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Crowd_clients_ask_for_different_files_and_wrap_at_the_folder_size()
    {
        var paths = Enumerable.Range(0, 401).SelectMany(client => Enumerable.Range(0, 5).Select(get => HttpCrowdMetric.PathFor("/small/", 2000, client, get, 5))).ToList();

        Assert.Equal("/small/f00000", paths[0]);
        Assert.Equal("/small/f01999", paths[1999]);
        Assert.Equal("/small/f00000", paths[2000]);
        Assert.Equal(2000, paths.Distinct().Count());
    }

    [Theory]
    [InlineData(404, 4096, true, false, "status 404")]
    [InlineData(200, 4095, true, false, "4095 bytes, expected 4096")]
    [InlineData(200, 4096, false, false, "closed the keep-alive connection")]
    public void A_small_GET_must_be_200_with_the_size_and_keep_the_connection(int status, long bytes, bool keepAlive, bool last, string reason)
    {
        var error = Assert.Throws<HttpResponseException>(() => HttpCrowdMetric.CheckSmallGet(new HttpResponse(status, bytes, keepAlive), 4096, last));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_small_GET_may_close_the_connection()
    {
        HttpCrowdMetric.CheckSmallGet(new HttpResponse(200, 4096, KeepAlive: false), 4096, last: true);
    }
}
