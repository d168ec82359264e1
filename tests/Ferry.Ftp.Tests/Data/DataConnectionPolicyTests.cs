using System.Net;
using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tests.Data;

public sealed class DataConnectionPolicyTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static readonly DataConnectionPolicy Strict = DataConnectionPolicy.From(new FtpOptions());

    [Fact]
    public void The_clients_own_host_on_an_unprivileged_port_is_allowed()
    {
        Assert.Null(Strict.CheckActiveTarget(new IPEndPoint(Client, 5000), Client));
    }

    [Fact]
    public void An_ipv4_mapped_target_counts_as_the_clients_ipv4_host()
    {
        Assert.Null(Strict.CheckActiveTarget(new IPEndPoint(Client.MapToIPv6(), 5000), Client));
    }

    [Fact]
    public void Another_host_is_a_bounce()
    {
        Assert.Equal(ActiveTargetRefusal.OtherHost, Strict.CheckActiveTarget(new IPEndPoint(IPAddress.Parse("192.0.2.11"), 5000), Client));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(1023)]
    public void A_privileged_port_is_refused(int port)
    {
        Assert.Equal(ActiveTargetRefusal.PrivilegedPort, Strict.CheckActiveTarget(new IPEndPoint(Client, port), Client));
    }

    [Fact]
    public void The_options_can_allow_both()
    {
        var open = DataConnectionPolicy.From(new FtpOptions { AllowActiveToOtherHosts = true, AllowActiveToPrivilegedPorts = true });

        Assert.Null(open.CheckActiveTarget(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 25), Client));
    }

    [Fact]
    public void Passive_accepts_only_the_clients_host_even_when_active_may_go_elsewhere()
    {
        var open = DataConnectionPolicy.From(new FtpOptions { AllowActiveToOtherHosts = true });

        Assert.True(open.AcceptsPassivePeer(Client.MapToIPv6(), Client));
        Assert.False(open.AcceptsPassivePeer(IPAddress.Parse("192.0.2.11"), Client));
    }
}
