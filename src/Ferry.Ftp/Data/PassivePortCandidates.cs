namespace Ferry.Ftp.Data;

/// <summary>
/// The order in which passive ports are tried: a few random probes (unpredictable ports make
/// port theft harder, and in a mostly free range the first probe wins), then one linear sweep from a
/// random start that visits every port once, so an almost-full range is still found and a full
/// one ends instead of probing forever.
/// </summary>
internal static class PassivePortCandidates
{
    /// <summary>Enough that a range with a few ports taken almost never reaches the sweep.</summary>
    internal const int RandomProbes = 8;

    /// <summary>At most <see cref="RandomProbes"/> + (high - low + 1) ports, each within [low, high].</summary>
    public static IEnumerable<int> Enumerate(int low, int high, Random random)
    {
        var size = high - low + 1;
        var probes = Math.Min(RandomProbes, size);
        for (var i = 0; i < probes; i++)
        {
            yield return low + random.Next(size);
        }

        var start = random.Next(size);
        for (var i = 0; i < size; i++)
        {
            yield return low + ((start + i) % size);
        }
    }
}
