namespace Ferry.Integration.Tests;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Blocks_do_not_overlap_and_stay_below_the_ephemeral_range()
    {
        var allocator = new PortAllocator(firstPort: 24000, lastPort: 24999);

        var blocks = Enumerable.Range(0, 10).Select(_ => allocator.Allocate()).ToList();

        var ports = blocks.SelectMany(b => new[] { b.ControlPort }.Concat(Enumerable.Range(b.PassiveLow, b.PassiveHigh - b.PassiveLow + 1))).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 24000, 24999));
        Assert.All(blocks, b => Assert.True(b.PassiveHigh > b.PassiveLow, "a passive range holds more than one port"));
    }

    [Fact]
    public void A_taken_port_is_never_handed_out()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        // Many blocks: other tests' connections may hold ports in this (ephemeral) range too.
        var allocator = new PortAllocator(firstPort: port, lastPort: port + (33 * 40) - 1);

        var block = allocator.Allocate();

        Assert.NotEqual(port, block.ControlPort);
        Assert.False(port >= block.PassiveLow && port <= block.PassiveHigh, $"taken port {port} is in {block}");
    }
}
