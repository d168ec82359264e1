namespace Ferry.Bench;

/// <summary>Percentiles with linear interpolation between ranks (the same as the old Python driver).</summary>
public static class Percentile
{
    /// <param name="sorted">Ascending values; must not be empty.</param>
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        var rank = (sorted.Count - 1) * percent / 100.0;
        var low = (int)rank;
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
