using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tests.Data;

public class EphemeralPortRangeTests
{
    [Fact]
    public void ParsesTheProcFileForm()
    {
        Assert.True(EphemeralPortRange.TryParse("32768\t60999\n", out var low, out var high));
        Assert.Equal(32768, low);
        Assert.Equal(60999, high);
    }

    [Theory]
    [InlineData("")]
    [InlineData("32768")]
    [InlineData("32768\t60999\t1\n")]
    [InlineData("a\tb\n")]
    [InlineData("-1\t60999\n")]
    [InlineData("60999\t32768\n")]
    public void RejectsAnythingElse(string text)
    {
        Assert.False(EphemeralPortRange.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData(20000, 21999, false)]
    [InlineData(20000, 32767, false)]
    [InlineData(20000, 32768, true)]
    [InlineData(40000, 41000, true)]
    [InlineData(60999, 65000, true)]
    [InlineData(61000, 65000, false)]
    public void OverlapIsSharingAtLeastOnePort(int low, int high, bool overlaps)
    {
        Assert.Equal(overlaps, EphemeralPortRange.Overlaps(low, high, 32768, 60999));
    }

    [Fact]
    public void ReadsTheRangeOnLinux()
    {
        var read = EphemeralPortRange.TryRead(out var low, out var high);

        Assert.Equal(OperatingSystem.IsLinux(), read);
        if (read)
        {
            Assert.InRange(low, 1, high);
            Assert.InRange(high, low, 65535);
            Assert.True(EphemeralPortRange.Overlaps(low, low));
        }
    }
}
