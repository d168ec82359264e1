using System.Buffers;

namespace Ferry.Microbench;

/// <summary>Cuts bytes into a chain of small segments: what a pipe hands over after many small socket reads.</summary>
internal sealed class Segment : ReadOnlySequenceSegment<byte>
{
    private Segment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentSize)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentSize, bytes.Length)), 0);
        var last = first;
        for (var at = segmentSize; at < bytes.Length; at += segmentSize)
        {
            var next = new Segment(bytes.AsMemory(at, Math.Min(segmentSize, bytes.Length - at)), at);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
