namespace Ferry.Bench.Tests;

public class BenchArgumentsTests
{
    [Fact]
    public void Reads_values_flags_and_name_equals_value()
    {
        var args = BenchArguments.Parse(["small", "--count", "20", "--tls", "--dir=small2"]);

        Assert.Equal("small", args.Command);
        Assert.Equal(20, args.Int("count", 1, 1, 100));
        Assert.True(args.Flag("tls"));
        Assert.False(args.Flag("epsv"));
        Assert.Equal("small2", args.String("dir", "small"));
        args.RejectUnknown();
    }

    [Fact]
    public void Reports_a_misspelt_option_instead_of_using_the_default()
    {
        var args = BenchArguments.Parse(["small", "--cuont", "20"]);
        args.Int("count", 2000, 1, 100_000);

        var error = Assert.Throws<UsageException>(args.RejectUnknown);
        Assert.Contains("--cuont", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_number_out_of_range()
    {
        var args = BenchArguments.Parse(["sessions", "--clients", "0"]);

        Assert.Throws<UsageException>(() => args.Int("clients", 200, 1, 100_000));
    }
}
