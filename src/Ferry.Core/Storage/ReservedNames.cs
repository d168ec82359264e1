using System.Runtime.CompilerServices;
using System.Text;
using Ferry.Core.Paths;

namespace Ferry.Core.Storage;

/// <summary>
/// Names no client may see or make: a backend keeps its work files under them (the temporary file
/// an upload writes before it replaces its target). <see cref="Files.FileService"/> hides them from
/// listings and stat, answers NotFound when one is opened or deleted, and InvalidName when a client
/// tries to create one.
/// </summary>
public static class ReservedNames
{
    public const string Prefix = ".ferry-upload-";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsReserved(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    // The prefix as UTF-8, made from Prefix so that the two can never disagree.
    private static readonly byte[] PrefixUtf8 = Encoding.UTF8.GetBytes(Prefix);

    /// <summary>The same for a name given as UTF-8 (<see cref="IRawListing"/>).</summary>
    public static bool IsReserved(ReadOnlySpan<byte> name) => name.StartsWith(PrefixUtf8);

    /// <summary>True when any segment is reserved (nothing below one is reachable either).</summary>
    public static bool IsHidden(VfsPath path)
    {
        foreach (var segment in path.Segments)
        {
            if (IsReserved(segment))
            {
                return true;
            }
        }

        return false;
    }
}
