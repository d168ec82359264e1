using System.Net;

namespace Ferry.Bench.Tests;

public class LoopbackAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void Accepts_loopback_hosts(string host)
    {
        Assert.True(IPAddress.IsLoopback(LoopbackAddress.Parse(host)));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.20")]
    [InlineData("example.com")]
    public void Refuses_any_other_host(string host)
    {
        Assert.Throws<UsageException>(() => LoopbackAddress.Parse(host));
    }
}
