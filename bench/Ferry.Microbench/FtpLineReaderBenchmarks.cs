using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ferry.Ftp.Commands;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Session;

namespace Ferry.Microbench;

/// <summary>
/// The control connection's hot path for 1,000 command lines: bytes to lines (FtpLineReader), a line to
/// verb and argument (FtpSession.SplitCommand) and the verb to its table row (FtpCommandTable).
/// </summary>
[MemoryDiagnoser]
public class FtpLineReaderBenchmarks
{
    private const int LineCount = 1_000;

    /// <summary>Small enough that most lines straddle a segment boundary and take the reader's copying path.</summary>
    private const int SmallSegmentBytes = 16;

    private readonly FtpLineReader _reader = new();
    private readonly FtpCommandTable _table = FtpCommandTable.Default;
    private ReadOnlySequence<byte> _oneSegment;
    private ReadOnlySequence<byte> _smallSegments;
    private string[] _texts = [];
    private string[] _verbs = [];

    [GlobalSetup]
    public void Setup()
    {
        var wire = CommandLines.Wire(LineCount);
        _oneSegment = new ReadOnlySequence<byte>(wire);
        _smallSegments = Segment.Split(wire, SmallSegmentBytes);
        _texts = CommandLines.Texts(LineCount);
        _verbs = [.. _texts.Select(t => t.Split(' ')[0])];
    }

    [Benchmark]
    public int ReadLines_OneSegment() => ReadAll(_oneSegment);

    [Benchmark]
    public int ReadLines_SmallSegments() => ReadAll(_smallSegments);

    [Benchmark]
    public int SplitCommand()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += FtpSession.SplitCommand(text, out var argument).Length + argument.Length;
        }

        return total;
    }

    /// <summary>Split plus table lookup: what ExecuteAsync does for each line before running the handler.</summary>
    [Benchmark]
    public int SplitAndFind()
    {
        var found = 0;
        foreach (var text in _texts)
        {
            if (_table.FindTyped(FtpSession.SplitCommand(text, out _)) is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>The lookup alone, on verbs as typed (some lower case).</summary>
    [Benchmark]
    public int FindTyped()
    {
        var found = 0;
        foreach (var verb in _verbs)
        {
            if (_table.FindTyped(verb) is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>The lookup the session did before FindTyped: upper-case to a string, then look up the string.</summary>
    [Benchmark]
    public int FindUpperCasedString()
    {
        var found = 0;
        foreach (var verb in _verbs)
        {
            if (_table.Find(verb.ToUpperInvariant()) is not null)
            {
                found++;
            }
        }

        return found;
    }

    private int ReadAll(ReadOnlySequence<byte> buffer)
    {
        var total = 0;
        for (var i = 0; i <= LineCount && _reader.TryReadLine(ref buffer, out var line); i++)
        {
            total += line.Text.Length;
        }

        return total;
    }
}
