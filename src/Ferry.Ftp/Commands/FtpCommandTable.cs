using System.Collections.Frozen;

namespace Ferry.Ftp.Commands;

/// <summary>
/// The one command table: verb -> rule, login requirement, FEAT line, HELP text and handler. The
/// dispatcher answers 500 (unknown), 501 (argument), 530 (login) from it, and FEAT and HELP are
/// generated from it, so a command exists in exactly one place.
/// </summary>
public sealed class FtpCommandTable
{
    private readonly FrozenDictionary<string, FtpCommandSpec> _byVerb;
    private readonly IReadOnlyList<string> _plainFeatures;

    public FtpCommandTable(IEnumerable<FtpCommandSpec> specs)
    {
        All = [.. specs.OrderBy(s => s.Verb, StringComparer.Ordinal)];
        _byVerb = All.ToFrozenDictionary(s => s.Verb, StringComparer.Ordinal);
        Features = [.. All.Where(s => s.Feature is not null).Select(s => s.Feature!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _plainFeatures = [.. All.Where(s => s.Feature is not null && !s.NeedsTls).Select(s => s.Feature!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The standard FTP command set (RFC 959, 1123, 775, 2428, 3659, 2389, 2228/4217).</summary>
    public static FtpCommandTable Default { get; } = new(
        AccessCommands.Specs
            .Concat(NavigationCommands.Specs)
            .Concat(ParameterCommands.Specs)
            .Concat(TransferCommands.Specs)
            .Concat(ListingCommands.Specs)
            .Concat(FileCommands.Specs)
            .Concat(InformationCommands.Specs)
            .Concat(SecurityCommands.Specs));

    public IReadOnlyList<FtpCommandSpec> All { get; }

    /// <summary>FEAT lines, sorted, without the leading space.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>FEAT lines for a server with or without TLS: AUTH TLS, PBSZ and PROT only when it is offered.</summary>
    public IReadOnlyList<string> FeaturesFor(bool tlsEnabled) => tlsEnabled ? Features : _plainFeatures;

    public FtpCommandSpec? Find(string verb) => _byVerb.GetValueOrDefault(verb);
}
