using System.Collections.Frozen;

namespace Ferry.WebDav.Methods;

/// <summary>Where a method applies, for the Allow header and 405 answers.</summary>
[Flags]
public enum DavTargets
{
    None = 0,
    File = 1,
    Collection = 2,

    /// <summary>Nothing is at the URL yet (PUT, MKCOL, LOCK create; OPTIONS always answers).</summary>
    Missing = 4,
    Any = File | Collection | Missing,
}

/// <summary>One method: its handler and where it applies.</summary>
/// <param name="MayHoldThread">
/// The handler may keep its thread for long (disk writes and their fsync, a tree walk, a listing of
/// any size, the property database), so it starts on the pool, never on a socket thread that other
/// connections share (see <see cref="Ferry.Core.Net.SocketThreads"/>).
/// </param>
public sealed record DavMethodSpec(string Name, IDavMethod Handler, DavTargets AppliesTo, bool MayHoldThread = false);

/// <summary>
/// The one method table: every method Ferry's WebDAV answers, with its handler. OPTIONS builds its
/// Allow header from here and the dispatcher answers 501 for anything not in it.
/// </summary>
public sealed class DavMethodTable
{
    public DavMethodTable(IEnumerable<DavMethodSpec> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        Methods = methods.ToFrozenDictionary(spec => spec.Name, StringComparer.Ordinal);
    }

    public FrozenDictionary<string, DavMethodSpec> Methods { get; }

    /// <summary>The Allow header for a resource in the given state, in a stable order.</summary>
    public string AllowFor(DavTargets state) =>
        string.Join(", ", Methods.Values.Where(spec => (spec.AppliesTo & state) != 0).Select(spec => spec.Name).Order(StringComparer.Ordinal));

    /// <summary>Ferry's table (RFC 4918 classes 1 and 2 on HTTP/1.1).</summary>
    public static DavMethodTable Standard() => new(
    [
        new("OPTIONS", new OptionsMethod(), DavTargets.Any),
        new("GET", new GetMethod(), DavTargets.File | DavTargets.Collection),
        new("HEAD", new GetMethod(), DavTargets.File | DavTargets.Collection),
        new("PUT", new PutMethod(), DavTargets.File | DavTargets.Missing, MayHoldThread: true),
        new("DELETE", new DeleteMethod(), DavTargets.File | DavTargets.Collection, MayHoldThread: true),
        new("MKCOL", new MkColMethod(), DavTargets.Missing),
        new("COPY", new CopyMoveMethod(move: false), DavTargets.File | DavTargets.Collection, MayHoldThread: true),
        new("MOVE", new CopyMoveMethod(move: true), DavTargets.File | DavTargets.Collection, MayHoldThread: true),
        new("PROPFIND", new PropFindMethod(), DavTargets.File | DavTargets.Collection, MayHoldThread: true),
        new("PROPPATCH", new PropPatchMethod(), DavTargets.File | DavTargets.Collection, MayHoldThread: true),
        new("LOCK", new LockMethod(), DavTargets.Any),
        new("UNLOCK", new UnlockMethod(), DavTargets.File | DavTargets.Collection),
    ]);
}
