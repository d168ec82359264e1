using System.Buffers;
using System.Text;
using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Tests.Protocol;

public class FtpLineReaderTests
{
    /// <summary>How the bytes reach the reader: the parser must give the same lines whatever the split.</summary>
    public enum Feed
    {
        OneChunk,
        ByteAtATime,
        OneCallOfOneByteSegments,
    }

    public static TheoryData<Feed> Feeds => new() { Feed.OneChunk, Feed.ByteAtATime, Feed.OneCallOfOneByteSegments };

    private const byte Iac = 255;

    [Theory]
    [MemberData(nameof(Feeds))]
    public void PlainLineLosesItsCrLf(Feed feed)
    {
        var lines = ReadAll(Bytes("USER anonymous\r\n"), feed);

        Assert.Equal([new FtpLine("USER anonymous", false, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void BareLfEndsALine(Feed feed)
    {
        var lines = ReadAll(Bytes("NOOP\nQUIT\n"), feed);

        Assert.Equal(["NOOP", "QUIT"], lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void EmptyLineIsAnEmptyText(Feed feed)
    {
        var lines = ReadAll(Bytes("\r\n\n"), feed);

        Assert.Equal([new FtpLine("", false, false), new FtpLine("", false, false)], lines);
    }

    [Fact]
    public void CrLfSplitAcrossChunksEndsTheLineOnce()
    {
        var reader = new FtpLineReader();

        Assert.Empty(ReadChunk(reader, Bytes("NOOP\r")));
        var lines = ReadChunk(reader, Bytes("\nPWD\r\n"));

        Assert.Equal(["NOOP", "PWD"], lines.Select(l => l.Text));
    }

    [Fact]
    public void LineSplitAcrossSegmentsOfOneSequenceIsWhole()
    {
        var reader = new FtpLineReader();
        var sequence = Segments(Bytes("RETR fi"), Bytes("le.txt\r"), Bytes("\nNO"));

        Assert.True(reader.TryReadLine(ref sequence, out FtpLine line));
        Assert.Equal("RETR file.txt", line.Text);
        Assert.Equal("NO", Encoding.ASCII.GetString(sequence.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void CrNulIsRemoved(Feed feed)
    {
        var lines = ReadAll(Bytes("A\r\0B\r\n"), feed);

        Assert.Equal(["AB"], lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void CrBeforeAnOrdinaryByteIsKept(Feed feed)
    {
        var lines = ReadAll(Bytes("A\rB\r\r\n"), feed);

        Assert.Equal(["A\rB\r"], lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void IacIacIsOneLiteral0xFF(Feed feed)
    {
        byte[] input = [.. Bytes("RETR a"), Iac, Iac, .. Bytes("b\r\n")];

        var lines = ReadAll(input, feed);

        // The lone 0xFF is not UTF-8, so the line is read as Latin-1 and the byte survives as U+00FF.
        Assert.Equal(["RETR a\u00FFb"], lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void InterruptAndSynchBeforeAborMarkTheAborLineOnly(Feed feed)
    {
        // What Windows ftp.exe sends: IAC IP, IAC DM (urgent, inline here), then the command.
        byte[] input = [Iac, 244, Iac, 242, .. Bytes("ABOR\r\nNOOP\r\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal([new FtpLine("ABOR", false, true), new FtpLine("NOOP", false, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void DataMarkAloneMarksTheNextLine(Feed feed)
    {
        byte[] input = [.. Bytes("NOOP\r\n"), Iac, 242, .. Bytes("ABOR\r\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal([new FtpLine("NOOP", false, false), new FtpLine("ABOR", false, true)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void OptionNegotiationIsRemovedWithItsOptionByte(Feed feed)
    {
        // WILL 1, DO 3, WONT 10 (an option byte equal to LF must not end the line), DONT 255.
        byte[] input = [Iac, 251, 1, Iac, 253, 3, .. Bytes("USER x"), Iac, 252, 10, Iac, 254, 255, .. Bytes("y\r\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal([new FtpLine("USER xy", false, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void OtherTelnetCommandsAreRemoved(Feed feed)
    {
        // NOP (241) and Are You There (246).
        byte[] input = [Iac, 241, .. Bytes("NO"), Iac, 246, .. Bytes("OP\r\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal([new FtpLine("NOOP", false, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Utf8IsDecoded(Feed feed)
    {
        var lines = ReadAll(Bytes("CWD café/日本\r\n"), feed);

        Assert.Equal(["CWD café/日本"], lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void InvalidUtf8LineIsReadAsLatin1(Feed feed)
    {
        byte[] input = [.. Bytes("CWD caf"), 0xE9, .. Bytes("\r\nCWD caf"), 0xC3, 0xA9, .. Bytes("\r\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal(["CWD caf\u00E9", "CWD café"], lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void LineOfExactlyMaxLineBytesIsAccepted(Feed feed)
    {
        string longest = new('a', FtpLineReader.MaxLineBytes);

        var lines = ReadAll(Bytes(longest + "\r\n"), feed);

        Assert.Equal([new FtpLine(longest, false, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void LimitIsCountedAfterTelnetStripping(Feed feed)
    {
        // 4096 text bytes plus Telnet commands: the commands do not count.
        byte[] input = [Iac, 244, .. Bytes(new string('a', FtpLineReader.MaxLineBytes)), Iac, 241, .. Bytes("\r\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal([new FtpLine(new string('a', FtpLineReader.MaxLineBytes), false, true)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void OneByteOverTheLimitIsTooLong(Feed feed)
    {
        var lines = ReadAll(Bytes(new string('a', FtpLineReader.MaxLineBytes + 1) + "\r\n"), feed);

        Assert.Equal([new FtpLine("", true, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void OverlongLineIsReportedAndTheNextLineWorks(Feed feed)
    {
        var lines = ReadAll(Bytes(new string('x', 5000) + "\r\nNOOP\r\n"), feed);

        Assert.Equal([new FtpLine("", true, false), new FtpLine("NOOP", false, false)], lines);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void OverlongLineCarriesAPendingInterrupt(Feed feed)
    {
        byte[] input = [Iac, 244, .. Bytes(new string('x', 5000) + "\nNOOP\n")];

        var lines = ReadAll(input, feed);

        Assert.Equal([new FtpLine("", true, true), new FtpLine("NOOP", false, false)], lines);
    }

    [Fact]
    public void OverlongLineWithoutLfIsNotBuffered()
    {
        var reader = new FtpLineReader();
        byte[] chunk = Bytes(new string('z', 1000));

        for (int i = 0; i < 100; i++)
        {
            Assert.Empty(ReadChunk(reader, chunk));
            Assert.InRange(reader.BufferedByteCount, 0, FtpLineReader.MaxLineBytes);
        }

        // 100,000 bytes in: past the limit the reader keeps nothing at all.
        Assert.Equal(0, reader.BufferedByteCount);
        Assert.False(reader.HoldsBuffer);
        Assert.Equal(
            [new FtpLine("", true, false), new FtpLine("PWD", false, false)],
            ReadChunk(reader, Bytes("\r\nPWD\r\n")));
    }

    [Fact]
    public void PartialLineIsHeldAndReleasedWhenItEnds()
    {
        var reader = new FtpLineReader();

        Assert.Empty(ReadChunk(reader, Bytes("STOR a")));
        Assert.Equal(6, reader.BufferedByteCount);
        Assert.True(reader.HoldsBuffer);

        Assert.Equal(["STOR ab"], ReadChunk(reader, Bytes("b\r\n")).Select(l => l.Text));
        Assert.Equal(0, reader.BufferedByteCount);
        Assert.False(reader.HoldsBuffer);
    }

    [Fact]
    public void ReturnsAfterOneLineAndLeavesTheRestInTheBuffer()
    {
        var reader = new FtpLineReader();
        var buffer = new ReadOnlySequence<byte>(Bytes("USER a\r\nPASS b\r\nPW"));

        Assert.True(reader.TryReadLine(ref buffer, out FtpLine first));
        Assert.Equal("USER a", first.Text);
        Assert.Equal("PASS b\r\nPW", Encoding.ASCII.GetString(buffer.ToArray()));

        Assert.True(reader.TryReadLine(ref buffer, out FtpLine second));
        Assert.Equal("PASS b", second.Text);

        Assert.False(reader.TryReadLine(ref buffer, out _));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TelnetSequenceSplitAcrossCallsIsRemoved()
    {
        var reader = new FtpLineReader();

        Assert.Empty(ReadChunk(reader, [.. Bytes("NO"), Iac]));
        Assert.Empty(ReadChunk(reader, [251]));
        Assert.Empty(ReadChunk(reader, [10]));

        Assert.Equal([new FtpLine("NOOP", false, false)], ReadChunk(reader, Bytes("OP\r\n")));
    }

    [Fact]
    public void AsciiLineInOneSegmentAllocatesOnlyItsString()
    {
        var reader = new FtpLineReader();
        byte[] input = Bytes("RETR some/file.txt\r\n");
        ReadOnlySpan<byte> text = input.AsSpan(0, input.Length - 2);
        var warmUp = new ReadOnlySequence<byte>(input);
        Assert.True(reader.TryReadLine(ref warmUp, out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = Encoding.UTF8.GetString(text);
        long oneString = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            var buffer = new ReadOnlySequence<byte>(input);
            Assert.True(reader.TryReadLine(ref buffer, out _));
        }

        Assert.Equal(100 * oneString, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static List<FtpLine> ReadAll(byte[] input, Feed feed)
    {
        var reader = new FtpLineReader();
        switch (feed)
        {
            case Feed.OneChunk:
                return ReadChunk(reader, input);
            case Feed.ByteAtATime:
                var lines = new List<FtpLine>();
                foreach (byte b in input)
                {
                    lines.AddRange(ReadChunk(reader, [b]));
                }

                return lines;
            default:
                return ReadSequence(reader, Segments([.. input.Select(b => new[] { b })]));
        }
    }

    private static List<FtpLine> ReadChunk(FtpLineReader reader, byte[] chunk) =>
        ReadSequence(reader, new ReadOnlySequence<byte>(chunk));

    private static List<FtpLine> ReadSequence(FtpLineReader reader, ReadOnlySequence<byte> buffer)
    {
        var lines = new List<FtpLine>();
        long bound = buffer.Length + 1;
        while (reader.TryReadLine(ref buffer, out FtpLine line))
        {
            lines.Add(line);
            Assert.True(--bound > 0, "the reader returned more lines than there are bytes");
        }

        Assert.True(buffer.IsEmpty, "after false the whole buffer must be consumed");
        return lines;
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        Segment last = first;
        foreach (byte[] part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
