namespace Ferry.Fuzz;

/// <summary>
/// Every fuzz target by name. A target takes any bytes, must never throw, and checks what its
/// parser promises; a broken promise throws <see cref="FuzzFinding"/>, which AFL++ records as a crash.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["line"] = LineTarget.Run,
        ["port"] = DataAddressTarget.Run,
        ["path"] = PathTarget.Run,
        ["list"] = ListArgumentsTarget.Run,
        ["session"] = SessionTarget.Run,
        ["disknames"] = DiskNamesTarget.Run,
        ["davpath"] = DavPathTarget.Run,
        ["davif"] = DavIfTarget.Run,
        ["davheaders"] = DavHeadersTarget.Run,
        ["davxml"] = DavXmlTarget.Run,
        ["davserver"] = DavServerTarget.Run,
    };
}

/// <summary>A target's promise was broken: a bug, reported to AFL++ as a crash.</summary>
public sealed class FuzzFinding(string message) : Exception(message);
