using Ferry.Accounts;
using Ferry.Admin;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Serving;
using Ferry.Tls;

try
{
    var commandLine = CommandLine.Parse(args);
    var words = commandLine.Words.ToArray();
    if (commandLine.Has("version"))
    {
        Console.WriteLine($"ferry {typeof(ServeCommand).Assembly.GetName().Version}");
        return 0;
    }

    return words switch
    {
        ["serve"] => await ServeCommand.RunAsync(commandLine),
        ["account", .. var rest] => await AccountCommand.RunAsync(rest, commandLine),
        ["tls", .. var rest] => TlsCommand.Run(rest, commandLine),
        ["status"] or ["session", ..] or ["ban", ..] => await AdminCommand.RunAsync(words, commandLine),
        [] when commandLine.Has("help") || commandLine.Has("h") => Usage.Print(Console.Out, 0),
        [] => Usage.Print(Console.Error, 2),
        _ => throw new UsageException($"Unknown command '{string.Join(' ', words)}'. Use 'ferry --help'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"ferry: {ex.Message}");
    return 2;
}
catch (ConfigurationException ex)
{
    // Every command loads the same settings; a bad value is reported once, here.
    Console.Error.WriteLine($"ferry: configuration error: {ex.Message}");
    return 2;
}
