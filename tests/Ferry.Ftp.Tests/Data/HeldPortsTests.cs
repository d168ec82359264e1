using System.Net;
using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tests.Data;

public class HeldPortsTests
{
    [Fact]
    public void APortIsHeldFromItsAddUntilItsRemove()
    {
        var held = new HeldPorts(20000, 20009);

        held.Add(IPAddress.Loopback, 20003);
        Assert.True(held.IsHeld(IPAddress.Loopback, 20003));
        Assert.False(held.IsHeld(IPAddress.Loopback, 20004));

        held.Remove(IPAddress.Loopback, 20003);
        Assert.False(held.IsHeld(IPAddress.Loopback, 20003));
    }

    [Fact]
    public void APortIsHeldPerLocalAddress()
    {
        // Another address may still bind the port: holding it on one must not hide it on the other.
        var held = new HeldPorts(20000, 20009);

        held.Add(IPAddress.Loopback, 20005);

        Assert.False(held.IsHeld(IPAddress.Parse("127.0.0.2"), 20005));
        Assert.False(held.IsHeld(IPAddress.IPv6Loopback, 20005));
    }

    [Fact]
    public void AClosedListenerCountedAfterItsPortsNextOneLeavesThePortHeld()
    {
        // The old listener's close may be counted after the next listener on its port registered.
        var held = new HeldPorts(20000, 20009);
        held.Add(IPAddress.Loopback, 20001);

        held.Add(IPAddress.Loopback, 20001);
        held.Remove(IPAddress.Loopback, 20001);

        Assert.True(held.IsHeld(IPAddress.Loopback, 20001));
    }

    [Theory]
    [InlineData(19999)]
    [InlineData(20010)]
    public void PortsOutsideTheRangeAreNeverHeld(int port)
    {
        var held = new HeldPorts(20000, 20009);

        held.Add(IPAddress.Loopback, port);
        held.Remove(IPAddress.Loopback, port);

        Assert.False(held.IsHeld(IPAddress.Loopback, port));
    }
}
