using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Ferry.Core.Storage;

namespace Ferry.Ftp.Commands;

/// <summary>
/// The one command table: verb -> rule, login requirement, FEAT line, HELP text, the storage
/// capabilities it needs, and handler. The dispatcher answers 500 (unknown), 501 (argument), 530
/// (login) from it, the table itself answers 502 for a command the storage cannot keep, and FEAT and
/// HELP are generated from it, so a command exists in exactly one place.
/// </summary>
public sealed class FtpCommandTable
{
    /// <summary>Verbs are four letters at most (RFC 959); a verb this short is upper-cased on the stack.</summary>
    private const int StackVerbChars = 16;

    private readonly FrozenDictionary<string, FtpCommandSpec> _byVerb;
    private readonly FrozenDictionary<string, FtpCommandSpec>.AlternateLookup<ReadOnlySpan<char>> _byVerbSpan;
    private readonly int _longestVerb;
    private readonly IReadOnlyList<string> _plainFeatures;

    /// <summary>FEAT lines per (TLS offered, storage capabilities): a server has one or two of these.</summary>
    private readonly ConcurrentDictionary<(bool Tls, StorageCapabilities Capabilities), IReadOnlyList<string>> _featuresFor = new();

    public FtpCommandTable(IEnumerable<FtpCommandSpec> specs)
    {
        All = [.. specs.Select(GuardCapabilities).OrderBy(s => s.Verb, StringComparer.Ordinal)];
        _byVerb = All.ToFrozenDictionary(s => s.Verb, StringComparer.Ordinal);
        _byVerbSpan = _byVerb.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestVerb = All.Count == 0 ? 0 : All.Max(s => s.Verb.Length);
        Features = [.. All.Where(s => s.Feature is not null).Select(s => s.Feature!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _plainFeatures = [.. All.Where(s => s.Feature is not null && !s.NeedsTls).Select(s => s.Feature!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The standard FTP command set (RFC 959, 1123, 775, 2428, 3659, 2389, 2228/4217, 2640) and the drafts clients use (HASH, MODE Z, AVBL, CLNT).</summary>
    public static FtpCommandTable Default { get; } = new(
        AccessCommands.Specs
            .Concat(NavigationCommands.Specs)
            .Concat(ParameterCommands.Specs)
            .Concat(TransferCommands.Specs)
            .Concat(ListingCommands.Specs)
            .Concat(FileCommands.Specs)
            .Concat(InformationCommands.Specs)
            .Concat(SecurityCommands.Specs)
            .Concat(HashCommands.Specs)
            .Concat(ExtensionCommands.Specs)
            .Concat(SiteCommands.Specs));

    public IReadOnlyList<FtpCommandSpec> All { get; }

    /// <summary>FEAT lines, sorted, without the leading space.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>FEAT lines for a server with or without TLS: AUTH TLS, PBSZ and PROT only when it is offered.</summary>
    public IReadOnlyList<string> FeaturesFor(bool tlsEnabled) => tlsEnabled ? Features : _plainFeatures;

    /// <summary>FEAT lines for a server with or without TLS whose storage keeps <paramref name="capabilities"/>: a command it cannot keep is not advertised.</summary>
    public IReadOnlyList<string> FeaturesFor(bool tlsEnabled, StorageCapabilities capabilities) =>
        _featuresFor.GetOrAdd((tlsEnabled, capabilities), key =>
        [
            .. All.Where(s => s.Feature is not null && (key.Tls || !s.NeedsTls) && (key.Capabilities & s.Requires) == s.Requires)
                .Select(s => s.Feature!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
        ]);

    public FtpCommandSpec? Find(string verb) => _byVerb.GetValueOrDefault(verb);

    /// <summary>
    /// Finds a verb as the client typed it, in any case (upper-cased as string.ToUpperInvariant does),
    /// without allocating: every command line goes through here.
    /// </summary>
    public FtpCommandSpec? FindTyped(ReadOnlySpan<char> typed)
    {
        if (typed.Length > _longestVerb)
        {
            // Upper-casing keeps the length, so a longer verb cannot be in the table.
            return null;
        }

        if (!typed.ContainsAnyExceptInRange('A', 'Z'))
        {
            // Already upper case, as clients nearly always send it: no copy (measured: copying doubles the cost).
            return _byVerbSpan.TryGetValue(typed, out var spec) ? spec : null;
        }

        return FindUpperCased(typed);
    }

    /// <summary>A separate method so that the common path above carries no stack buffer to set up.</summary>
    [SkipLocalsInit]
    private FtpCommandSpec? FindUpperCased(ReadOnlySpan<char> typed)
    {
        Span<char> upper = typed.Length <= StackVerbChars ? stackalloc char[StackVerbChars] : new char[typed.Length];
        upper = upper[..typed.ToUpperInvariant(upper)];
        return _byVerbSpan.TryGetValue(upper, out var spec) ? spec : null;
    }

    /// <summary>
    /// A command that needs more than the storage keeps is answered before its handler runs: 502,
    /// "command not implemented" (RFC 959), because this server cannot carry it out whatever the
    /// argument (504 is for one parameter, 550 for one file).
    /// </summary>
    private static FtpCommandSpec GuardCapabilities(FtpCommandSpec spec)
    {
        if (spec.Requires == StorageCapabilities.None)
        {
            return spec;
        }

        var handler = spec.Handler;
        return spec with
        {
            Handler = (session, argument, ct) => session.Offers(spec.Requires)
                ? handler(session, argument, ct)
                : session.ReplyAsync(502, $"{spec.Verb} is not offered: {StorageWords.Lacking(spec.Requires)}.", ct),
        };
    }
}
