using System.Buffers;
using Ferry.Ftp.Protocol;

namespace Ferry.Fuzz;

/// <summary>
/// The control connection's line reader, fed the input in pieces whose sizes the input's first byte
/// chooses (a client's bytes arrive split anywhere). It must return the same lines however the bytes
/// are split, and never a line longer than its limit.
/// </summary>
public static class LineTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var piece = (input[0] % 16) + 1;
        var whole = ReadAll(input.AsMemory(1), int.MaxValue);
        var split = ReadAll(input.AsMemory(1), piece);
        if (!whole.SequenceEqual(split))
        {
            throw new FuzzFinding($"lines differ when the bytes arrive {piece} at a time");
        }

        foreach (var line in whole)
        {
            if (line.Text.Length > FtpLineReader.MaxLineBytes)
            {
                throw new FuzzFinding($"a line of {line.Text.Length} chars passed the {FtpLineReader.MaxLineBytes}-byte limit");
            }
        }
    }

    private static List<FtpLine> ReadAll(ReadOnlyMemory<byte> bytes, int piece)
    {
        var reader = new FtpLineReader();
        var lines = new List<FtpLine>();
        var pending = Array.Empty<byte>();
        for (var offset = 0; offset < bytes.Length; offset += piece)
        {
            // What a PipeReader hands over: what was not consumed last time, then the new bytes.
            var chunk = bytes.Slice(offset, Math.Min(piece, bytes.Length - offset));
            var buffer = new ReadOnlySequence<byte>([.. pending, .. chunk.Span]);
            while (reader.TryReadLine(ref buffer, out var line))
            {
                lines.Add(line);
            }

            pending = buffer.ToArray();
        }

        return lines;
    }
}
