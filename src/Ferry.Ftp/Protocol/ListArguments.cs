namespace Ferry.Ftp.Protocol;

/// <summary>
/// The argument of LIST/NLST/STAT split into `ls`-style options and a path. Clients send "-al",
/// "-la path" or "-a -l path": leading words starting with '-' are options, not file names.
/// </summary>
public readonly record struct ListArguments(string Options, string? Path)
{
    public bool ShowHidden => Options.Contains('a');

    public static ListArguments Parse(string? argument)
    {
        throw new NotImplementedException();
    }
}
