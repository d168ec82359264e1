namespace Ferry.WebDav.Locking;

/// <summary>
/// How the If header's ETag conditions compare with a resource's tag, which comes from the one
/// function GET, PUT and PROPFIND use (<see cref="Methods.EntityTags.For"/>), so they always agree.
/// </summary>
internal static class CurrentETag
{
    /// <summary>Strong comparison (RFC 9110 8.8.3.2): both tags strong and their opaque parts equal. A changed file must not match a weak tag.</summary>
    public static bool Matches(string condition, string current) =>
        !condition.StartsWith("W/", StringComparison.Ordinal)
        && !current.StartsWith("W/", StringComparison.Ordinal)
        && string.Equals(condition, current, StringComparison.Ordinal);
}
