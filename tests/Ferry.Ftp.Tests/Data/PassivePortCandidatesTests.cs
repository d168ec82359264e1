using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tests.Data;

public class PassivePortCandidatesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(12345)]
    public void EveryPortOfTheRangeIsTriedAndNothingOutsideIt(int seed)
    {
        var ports = PassivePortCandidates.Enumerate(20000, 20050, new Random(seed)).ToList();

        Assert.All(ports, p => Assert.InRange(p, 20000, 20050));
        Assert.Equal(Enumerable.Range(20000, 51), ports.Distinct().Order());
    }

    [Fact]
    public void TheNumberOfTriesIsBounded()
    {
        var ports = PassivePortCandidates.Enumerate(20000, 21999, new Random(3)).ToList();

        Assert.Equal(PassivePortCandidates.RandomProbes + 2000, ports.Count);
    }

    [Fact]
    public void ASinglePortRangeTriesOnlyThatPort()
    {
        var ports = PassivePortCandidates.Enumerate(21000, 21000, new Random(5)).ToList();

        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.Equal(21000, p));
    }

    [Fact]
    public void TheFirstPortsAreRandomNotTheLowEnd()
    {
        // Two seeds starting at the same port would mean the order is predictable.
        var first = Enumerable.Range(0, 5).Select(seed => PassivePortCandidates.Enumerate(20000, 21999, new Random(seed)).First()).Distinct();

        Assert.True(first.Count() > 1);
    }
}
