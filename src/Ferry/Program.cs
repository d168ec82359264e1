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
    // Every command loads the same settings; a bad value is reported once, here.
    Console.Error.WriteLine($"ferry: configuration error: {ex.Message}");
    return ExitCodes.Usage;
}
