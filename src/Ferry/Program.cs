using Ferry.Cli;
using Ferry.Configuration;

try
{
    return await FerryCommandLine.InvokeAsync(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"ferry: {ex.Message}");
    return ExitCodes.Usage;
}
catch (ConfigurationException ex)
{
    // Every command loads the same settings; every problem is reported once, here, one a line.
    foreach (var problem in ex.Problems)
    {
        Console.Error.WriteLine($"ferry: configuration error: {problem}");
    }

    return ExitCodes.Usage;
}
