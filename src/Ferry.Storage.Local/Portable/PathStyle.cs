namespace Ferry.Storage.Local;

/// <summary>
/// How an operating system spells and compares the paths it reports: the separator, and whether
/// two spellings that differ only in case name the same file (NTFS and APFS by default do).
/// </summary>
/// <param name="WindowsNames">Every name must be one Win32 can hold as itself (no device names, ':' or trailing dot or space).</param>
internal readonly record struct PathStyle(char Separator, bool IgnoreCase, bool WindowsNames = false)
{
    public static PathStyle Windows { get; } = new('\\', IgnoreCase: true, WindowsNames: true);

    public static PathStyle MacOS { get; } = new('/', IgnoreCase: true);

    public static PathStyle Linux { get; } = new('/', IgnoreCase: false);

    public static PathStyle ThisPlatform =>
        OperatingSystem.IsWindows() ? Windows : OperatingSystem.IsMacOS() ? MacOS : Linux;

    /// <summary>Windows spellings: drive letters, \\?\ and UNC prefixes.</summary>
    public bool IsWindows => Separator == '\\';

    public StringComparison Comparison => IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}
