using Ferry.Cli;
using Ferry.Configuration;

namespace Ferry.Admin;

/// <summary>The current command line's way into <see cref="AdminClientCommands"/>: finds the data folder and the admin port as `serve` would.</summary>
public static class AdminCommand
{
    private static readonly string[] Flags = ["data", "config"];

    public static async Task<int> RunAsync(IReadOnlyList<string> words, CommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        commandLine.RequireOnly(Flags);
        var configuration = commandLine.LoadConfiguration();
        var settings = FerrySettings.Load(configuration);
        using var client = TryConnect(AdminSettings.Load(configuration), settings.DataDirectory);
        if (client is null)
        {
            return AdminClientCommands.Unreachable;
        }

        return words switch
        {
            ["status"] => await AdminClientCommands.StatusAsync(client, Console.Out, Console.Error),
            ["session", "kill", var id] => await AdminClientCommands.KillSessionAsync(client, id, Console.Out, Console.Error),
            ["ban", "list"] => await AdminClientCommands.BanListAsync(client, Console.Out, Console.Error),
            ["ban", "remove", var address] => await AdminClientCommands.BanRemoveAsync(client, address, Console.Out, Console.Error),
            _ => throw new UsageException("Use 'ferry status', 'ferry session kill ID', 'ferry ban list' or 'ferry ban remove ADDRESS'."),
        };
    }

    private static AdminClient? TryConnect(AdminSettings admin, string dataDirectory)
    {
        try
        {
            return AdminClient.For(admin, dataDirectory);
        }
        catch (AdminClientException ex)
        {
            Console.Error.WriteLine($"ferry: {ex.Message}");
            return null;
        }
    }
}
