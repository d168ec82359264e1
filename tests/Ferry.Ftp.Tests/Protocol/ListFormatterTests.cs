using System.Buffers;
using System.Text;
using Ferry.Core.Storage;
using Ferry.Ftp.Protocol;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Protocol;

public class ListFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recent = new(2026, 11, 26, 15, 16, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Old = new(2019, 3, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void UnixDirectoryLineMatchesVsftpdColumns()
    {
        var entry = new FileEntry("pub", IsDirectory: true, 4096, Recent, Unix: new UnixFacts((UnixFileMode)0b111_101_101, LinkCount: 2));

        Assert.Equal("drwxr-xr-x    2 ftp      ftp          4096 Nov 26 15:16 pub\r\n", Unix(entry));
    }

    [Fact]
    public void UnixOldFileShowsTheYear()
    {
        var entry = new FileEntry("readme.txt", IsDirectory: false, 12345, Old);

        Assert.Equal("-rw-r--r--    1 ftp      ftp         12345 Mar 05  2019 readme.txt\r\n", Unix(entry));
    }

    [Fact]
    public void UnixSizeBeyondTwoGibibytesWidensTheColumn()
    {
        var entry = new FileEntry("disk.iso", IsDirectory: false, 5_000_000_000, Recent);

        Assert.Equal("-rw-r--r--    1 ftp      ftp      5000000000 Nov 26 15:16 disk.iso\r\n", Unix(entry));
    }

    [Fact]
    public void UnixLargestSizeIsWrittenInFull()
    {
        var entry = new FileEntry("huge", IsDirectory: false, long.MaxValue, Recent);

        Assert.Equal("-rw-r--r--    1 ftp      ftp      9223372036854775807 Nov 26 15:16 huge\r\n", Unix(entry));
    }

    [Theory]
    [InlineData(0, "Nov 27 12:00")]
    [InlineData(-180 * 24, "May 31 12:00")]
    [InlineData(-200 * 24, "May 11  2026")]
    [InlineData(1, "Nov 27 13:00")]
    [InlineData(2, "Nov 27  2026")]
    [InlineData(-3 * 365 * 24, "Nov 28  2023")]
    public void UnixDateIsRecentWithinHalfAYearAndAnHourAhead(int hoursFromNow, string date)
    {
        var entry = new FileEntry("f", IsDirectory: false, 1, Now.AddHours(hoursFromNow));

        Assert.Equal($"-rw-r--r--    1 ftp      ftp             1 {date} f\r\n", Unix(entry));
    }

    [Fact]
    public void UnixTimeIsShownInUtc()
    {
        var entry = new FileEntry("f", IsDirectory: false, 1, new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.FromHours(3)));

        Assert.Equal("-rw-r--r--    1 ftp      ftp             1 Nov 26 22:30 f\r\n", Unix(entry));
    }

    [Theory]
    [InlineData(false, false, null, "-rw-r--r--")]
    [InlineData(true, false, null, "drwxr-xr-x")]
    [InlineData(false, true, null, "lrwxrwxrwx")]
    [InlineData(true, true, null, "lrwxrwxrwx")]
    [InlineData(false, false, 0b000_000_000, "----------")]
    [InlineData(false, false, 0b111_110_100, "-rwxrw-r--")]
    [InlineData(false, false, 0b100_111_101_101, "-rwsr-xr-x")]
    [InlineData(false, false, 0b100_110_100_100, "-rwSr--r--")]
    [InlineData(false, false, 0b010_110_110_100, "-rw-rwSr--")]
    [InlineData(false, false, 0b010_110_111_100, "-rw-rwsr--")]
    [InlineData(true, false, 0b001_111_111_111, "drwxrwxrwt")]
    [InlineData(true, false, 0b001_111_111_110, "drwxrwxrwT")]
    public void UnixModeColumnFollowsLs(bool isDirectory, bool isLink, int? mode, string expected)
    {
        var unix = isLink || mode is not null ? new UnixFacts((UnixFileMode)(mode ?? 0b111_111_111), IsSymbolicLink: isLink) : null;
        var entry = new FileEntry("x", isDirectory, 0, Recent, Unix: unix);

        Assert.StartsWith(expected + " ", Unix(entry));
    }

    [Fact]
    public void UnixLongOwnerAndGroupKeepOneSpaceBetweenColumns()
    {
        var entry = new FileEntry("f", false, 7, Recent, Unix: new UnixFacts((UnixFileMode)0b110_100_100, 12345, Owner: "administrator", Group: "developers"));

        Assert.Equal("-rw-r--r-- 12345 administrator developers        7 Nov 26 15:16 f\r\n", Unix(entry));
    }

    [Fact]
    public void UnixFactsWithoutOwnerNamesShowTheDefaultOwner()
    {
        var entry = new FileEntry("f", false, 7, Recent, Unix: new UnixFacts((UnixFileMode)0b111_000_000, 3));

        Assert.Equal("-rwx------    3 ftp      ftp             7 Nov 26 15:16 f\r\n", Unix(entry));
    }

    [Fact]
    public void UnixNameIsWrittenAsUtf8WithSpacesKept()
    {
        var entry = new FileEntry("café menu 日本.txt", false, 3, Recent);

        byte[] line = UnixBytes(entry);

        Assert.Equal(
            Encoding.UTF8.GetBytes("-rw-r--r--    1 ftp      ftp             3 Nov 26 15:16 café menu 日本.txt\r\n"),
            line);
    }

    [Fact]
    public void LineBreaksInsideANameCannotForgeALine()
    {
        var entry = new FileEntry("evil\r\n-rw-r--r-- 1 a b 1 Jan 01 00:00 fake", false, 1, Recent);

        string line = Unix(entry);

        Assert.Equal("-rw-r--r--    1 ftp      ftp             1 Nov 26 15:16 evil??-rw-r--r-- 1 a b 1 Jan 01 00:00 fake\r\n", line);
    }

    [Fact]
    public void NegativeSizeIsWrittenAsZero()
    {
        var entry = new FileEntry("f", false, -5, Recent);

        Assert.Equal("-rw-r--r--    1 ftp      ftp             0 Nov 26 15:16 f\r\n", Unix(entry));
    }

    [Fact]
    public void MsDosDirectoryLineMatchesIis()
    {
        var entry = new FileEntry("pub", IsDirectory: true, 4096, new DateTimeOffset(2026, 11, 26, 15, 16, 0, TimeSpan.Zero));

        Assert.Equal("11-26-26  03:16PM       <DIR>          pub\r\n", MsDos(entry));
    }

    [Fact]
    public void MsDosFileSizeEndsInColumn37AndTheNameStartsIn39()
    {
        // The layout documented in Mozilla's and Chromium's IIS listing parsers.
        var entry = new FileEntry("naxp11e.zip", IsDirectory: false, 961590, new DateTimeOffset(1995, 5, 2, 10, 3, 0, TimeSpan.Zero));

        string line = MsDos(entry);

        Assert.Equal("05-02-95  10:03AM               961590 naxp11e.zip\r\n", line);
        Assert.Equal('0', line[37]);
        Assert.Equal(39, line.IndexOf("naxp11e.zip", StringComparison.Ordinal));
        Assert.Equal(39, MsDos(entry with { Name = "d", IsDirectory = true }).IndexOf('d', 30));
    }

    [Theory]
    [InlineData(0, 5, "12:05AM")]
    [InlineData(11, 59, "11:59AM")]
    [InlineData(12, 0, "12:00PM")]
    [InlineData(23, 1, "11:01PM")]
    public void MsDosUsesTwelveHourClock(int hour, int minute, string clock)
    {
        var entry = new FileEntry("f", false, 1, new DateTimeOffset(2026, 1, 2, hour, minute, 0, TimeSpan.Zero));

        Assert.StartsWith($"01-02-26  {clock} ", MsDos(entry));
    }

    [Fact]
    public void MsDosShowsDateNotYearForOldFilesToo()
    {
        var entry = new FileEntry("old.txt", false, 1, Old);

        Assert.Equal("03-05-19  10:00AM                    1 old.txt\r\n", MsDos(entry));
    }

    [Fact]
    public void MsDosSizeBeyondTwoGibibytes()
    {
        var entry = new FileEntry("disk.iso", false, 5_000_000_000, Recent);

        Assert.Equal("11-26-26  03:16PM           5000000000 disk.iso\r\n", MsDos(entry));
    }

    [Fact]
    public void MsDosTimeIsShownInUtc()
    {
        var entry = new FileEntry("f", false, 1, new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(2)));

        Assert.StartsWith("12-31-25  11:00PM ", MsDos(entry));
    }

    [Fact]
    public void LinesAppendToWhatTheWriterHolds()
    {
        var formatter = new ListFormatter(ListStyle.Unix, new FakeClock(Now));
        var output = new ArrayBufferWriter<byte>();

        formatter.WriteListLine(new FileEntry("a", false, 1, Recent), output);
        formatter.WriteListLine(new FileEntry("b", true, 2, Recent), output);

        Assert.Equal(
            "-rw-r--r--    1 ftp      ftp             1 Nov 26 15:16 a\r\n" +
            "drwxr-xr-x    1 ftp      ftp             2 Nov 26 15:16 b\r\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void LinesWhoseFactsChangeDoNotReuseTheLineBeforesColumns()
    {
        var formatter = new ListFormatter(ListStyle.Unix, new FakeClock(Now));
        var output = new ArrayBufferWriter<byte>();
        var shared = new UnixFacts((UnixFileMode)0b110_100_100);

        formatter.WriteListLine(new FileEntry("a", false, 1, Recent, Unix: shared), output);
        formatter.WriteListLine(new FileEntry("b", false, 22, Recent, Unix: shared), output);
        formatter.WriteListLine(new FileEntry("c", true, 4096, Recent, Unix: shared), output);
        formatter.WriteListLine(new FileEntry("d", false, 3, Old, Unix: new UnixFacts((UnixFileMode)0b111_000_000, LinkCount: 12345, Owner: "averyverylongowner", Group: "g")), output);
        formatter.WriteListLine(new FileEntry("e", false, 4, Recent.AddSeconds(30), Unix: new UnixFacts((UnixFileMode)0b110_100_100)), output);
        formatter.WriteListLine(new FileEntry("f", false, 5, Recent.AddMinutes(1)), output);

        Assert.Equal(
            "-rw-r--r--    1 ftp      ftp             1 Nov 26 15:16 a\r\n" +
            "-rw-r--r--    1 ftp      ftp            22 Nov 26 15:16 b\r\n" +
            "drw-r--r--    1 ftp      ftp          4096 Nov 26 15:16 c\r\n" +
            "-rwx------ 12345 averyverylongowner g               3 Mar 05  2019 d\r\n" +
            "-rw-r--r--    1 ftp      ftp             4 Nov 26 15:16 e\r\n" +
            "-rw-r--r--    1 ftp      ftp             5 Nov 26 15:17 f\r\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void TheRecentWindowsEdgeInsideOneMinuteIsShownPerEntry()
    {
        // Two stamps in the same minute on either side of "half a year ago": one shows the time, one the year.
        var edge = Now - TimeSpan.FromSeconds(31_556_952 / 2);
        var minute = new DateTimeOffset(edge.UtcTicks - (edge.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var formatter = new ListFormatter(ListStyle.Unix, new FakeClock(Now));
        var output = new ArrayBufferWriter<byte>();

        formatter.WriteListLine(new FileEntry("old", false, 1, edge), output);
        formatter.WriteListLine(new FileEntry("new", false, 1, edge.AddTicks(1)), output);
        formatter.WriteListLine(new FileEntry("old2", false, 1, minute), output);

        var lines = Encoding.UTF8.GetString(output.WrittenSpan).Split("\r\n");
        Assert.EndsWith("  2026 old", lines[0], StringComparison.Ordinal);
        Assert.Matches(@" \d\d:\d\d new$", lines[1]);
        Assert.EndsWith("  2026 old2", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b  c", "a b  c")]
    [InlineData("café ünï 漢字", "café ünï 漢字")]
    [InlineData("emoji 😀", "emoji 😀")]
    [InlineData("two\r\nlines", "two??lines")]
    [InlineData("tail\n", "tail?")]
    [InlineData("bad%FF", "bad%FF")]
    [InlineData(" lead", " lead")]
    public void UnixNamesAreWrittenAsUtf8WithLineBreaksReplaced(string name, string shown)
    {
        var entry = new FileEntry(name, IsDirectory: false, 7, Recent);

        Assert.Equal(Encoding.UTF8.GetBytes($"-rw-r--r--    1 ftp      ftp             7 Nov 26 15:16 {shown}\r\n"), UnixBytes(entry));
    }

    [Fact]
    public void RawEntriesGiveTheBytesTheirFileEntriesGive()
    {
        var shared = new UnixFacts((UnixFileMode)0b110_100_100);
        var entries = new[]
        {
            new FileEntry("plain.txt", false, 12, Recent, Unix: shared),
            new FileEntry("a b  c", false, 5_000_000_000, Recent.AddSeconds(5), Unix: shared),
            new FileEntry("café 漢字 😀", false, 0, Old, Unix: shared),
            new FileEntry("line\nbreak\r", false, 1, Now.AddHours(2), Unix: shared),
            new FileEntry("caf%E9", false, 1, Now, Unix: shared),
            new FileEntry("sub", true, 4096, Recent, Unix: new UnixFacts((UnixFileMode)0b111_101_101 | UnixFileMode.StickyBit, LinkCount: 3)),
            new FileEntry("link", true, 4096, Recent, Unix: new UnixFacts((UnixFileMode)0b111_111_111, IsSymbolicLink: true)),
            new FileEntry("plain2", false, 7, Recent, Unix: shared),
        };
        var fromEntries = new ArrayBufferWriter<byte>();
        var fromRaw = new ArrayBufferWriter<byte>();
        var entryFormatter = new ListFormatter(ListStyle.Unix, new FakeClock(Now));
        var rawFormatter = new ListFormatter(ListStyle.Unix, new FakeClock(Now));

        foreach (var entry in entries)
        {
            entryFormatter.WriteListLine(entry, fromEntries);
            rawFormatter.WriteUnixListLine(new RawEntry(Encoding.UTF8.GetBytes(entry.Name), entry.IsDirectory, entry.Length, entry.LastModified.UtcTicks, entry.Unix!), fromRaw);
        }

        Assert.Equal(Encoding.UTF8.GetString(fromEntries.WrittenSpan), Encoding.UTF8.GetString(fromRaw.WrittenSpan));
        Assert.Contains("line?break? ", Encoding.UTF8.GetString(fromRaw.WrittenSpan).Replace("\r\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ListStyle.Unix)]
    [InlineData(ListStyle.MsDos)]
    public void WritingALineAllocatesNothing(ListStyle style)
    {
        var formatter = new ListFormatter(style, new FakeClock(Now));
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var entries = new[] { new FileEntry("file.txt", false, 123, Recent), new FileEntry("dir", true, 4096, Old) };
        formatter.WriteListLine(entries[0], output);
        formatter.WriteListLine(entries[1], output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            formatter.WriteListLine(entries[i % 2], output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(null, "a.txt", "a.txt\r\n")]
    [InlineData("", "a.txt", "a.txt\r\n")]
    [InlineData("pub/", "a b.txt", "pub/a b.txt\r\n")]
    [InlineData("dir/", "café", "dir/café\r\n")]
    [InlineData(null, "x\ny", "x?y\r\n")]
    public void NameLineIsPrefixNameAndCrLf(string? prefix, string name, string expected)
    {
        var output = new ArrayBufferWriter<byte>();

        ListFormatter.WriteNameLine(prefix, name, output);

        Assert.Equal(Encoding.UTF8.GetBytes(expected), output.WrittenSpan.ToArray());
    }

    private static string Unix(FileEntry entry) => Encoding.UTF8.GetString(UnixBytes(entry));

    private static byte[] UnixBytes(FileEntry entry) => Write(ListStyle.Unix, entry);

    private static string MsDos(FileEntry entry) => Encoding.UTF8.GetString(Write(ListStyle.MsDos, entry));

    private static byte[] Write(ListStyle style, FileEntry entry)
    {
        var output = new ArrayBufferWriter<byte>();
        new ListFormatter(style, new FakeClock(Now)).WriteListLine(entry, output);
        return output.WrittenSpan.ToArray();
    }
}
