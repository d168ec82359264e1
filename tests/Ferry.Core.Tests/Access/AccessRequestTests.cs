using System.Net;
using Ferry.Core.Access;

namespace Ferry.Core.Tests.Access;

public sealed class AccessRequestTests
{
    [Fact]
    public void ToString_shows_the_name_and_channel_but_never_the_password()
    {
        var request = new AccessRequest("alice", "hunter2-secret", new AccessChannel("ftp", IPAddress.Parse("192.0.2.10"), Protected: true));

        var text = $"logon {request}";

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.Contains("192.0.2.10", text, StringComparison.Ordinal);
    }
}
