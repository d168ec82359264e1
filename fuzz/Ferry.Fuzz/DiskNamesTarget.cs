using System.Text;
using Ferry.Storage.Local;

namespace Ferry.Fuzz;

/// <summary>
/// How names on a Linux disk are shown (DiskNames): any name's bytes (no NUL, no '/') shown and
/// encoded again give the same bytes, so every listed file is reachable by its listed name; and
/// whatever a client sends, the bytes of one name never contain '/' or NUL, so no name can add a
/// step to a path.
/// </summary>
public static class DiskNamesTarget
{
    public static void Run(byte[] input)
    {
        var name = input.Where(b => b is not (0 or (byte)'/')).Take(255).ToArray();
        if (name.Length > 0)
        {
            var shown = DiskNames.Decode(name);
            if (!DiskNames.Encode(shown).AsSpan().SequenceEqual(name))
            {
                throw new FuzzFinding($"'{shown}' does not encode back to its {name.Length} bytes");
            }
        }

        var typed = Encoding.UTF8.GetString(input);
        if (typed.Contains('/', StringComparison.Ordinal))
        {
            return;
        }

        var bytes = DiskNames.Encode(typed);
        if (bytes.AsSpan().IndexOfAny((byte)0, (byte)'/') >= 0 && !typed.Contains('\0', StringComparison.Ordinal))
        {
            throw new FuzzFinding($"'{typed}' encodes to bytes with a '/' or NUL");
        }
    }
}
