namespace Ferry.Bench.Tests;

public class PercentileTests
{
    [Fact]
    public void Interpolates_between_ranks()
    {
        double[] sorted = [10, 20, 30, 40, 50];

        Assert.Equal(10, Percentile.Of(sorted, 0));
        Assert.Equal(30, Percentile.Of(sorted, 50));
        Assert.Equal(46, Percentile.Of(sorted, 90), 6);
        Assert.Equal(50, Percentile.Of(sorted, 100));
    }
}
