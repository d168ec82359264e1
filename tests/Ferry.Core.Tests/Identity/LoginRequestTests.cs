using System.Net;
using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class LoginRequestTests
{
    [Fact]
    public void ToString_never_shows_the_password()
    {
        var request = new LoginRequest("alice", "hunter2-secret", IPAddress.Parse("192.0.2.10"), "ftp");

        var text = request.ToString();

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.Contains("192.0.2.10", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpolating_the_request_never_shows_the_password()
    {
        var request = new LoginRequest("alice", "hunter2-secret", IPAddress.Loopback, "ftp");

        Assert.DoesNotContain("hunter2-secret", $"logon {request}", StringComparison.Ordinal);
    }
}
