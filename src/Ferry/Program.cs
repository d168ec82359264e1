using Ferry.Accounts;
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
        ["config", "check", .. var file] when file.Length <= 1 => ConfigCommand.Check(file.FirstOrDefault() ?? commandLine.Get("config"), ConfigurationFlags(commandLine), Console.Out),
        ["config", "print"] => ConfigCommand.Print(commandLine.Get("config"), ConfigurationFlags(commandLine), Console.Out),
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
    // Every command loads the same settings; every problem is reported once, here, one a line.
    foreach (var problem in ex.Problems)
    {
        Console.Error.WriteLine($"ferry: configuration error: {problem}");
    }

    return 2;
}

static ILookup<string, string> ConfigurationFlags(CommandLine commandLine)
{
    commandLine.RequireOnly(ConfigurationLoader.Flags);
    return commandLine.Names.SelectMany(name => commandLine.GetAll(name).Select(value => (name, value))).ToLookup(f => f.name, f => f.value, StringComparer.Ordinal);
}
