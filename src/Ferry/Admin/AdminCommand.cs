using System.CommandLine;
using Ferry.Cli;
using Ferry.Configuration;

namespace Ferry.Admin;

/// <summary>
/// `ferry status`, `ferry session kill ID`, `ferry ban list|remove ADDRESS`: their options and help.
/// Each finds the data folder (for the token) and the admin port as `serve` would, then calls
/// <see cref="AdminClientCommands"/>.
/// </summary>
public static class AdminCommand
{
    public static IEnumerable<Command> Create()
    {
        var status = Command("status", "List the running server's sessions: who, from where, what, and transfer progress.",
            (client, _) => AdminClientCommands.StatusAsync(client, Console.Out, Console.Error));

        var id = new Argument<string>("ID") { Description = "The session's id, as `ferry status` and the log show it." };
        var kill = Command("kill", "Disconnect one session (FTP clients read 421 first).",
            (client, parseResult) => AdminClientCommands.KillSessionAsync(client, parseResult.GetValue(id)!, Console.Out, Console.Error), id);

        var list = Command("list", "List the addresses banned for failed logons.",
            (client, _) => AdminClientCommands.BanListAsync(client, Console.Out, Console.Error));
        var address = new Argument<string>("ADDRESS") { Description = "The banned address (an IPv6 address lifts its /64)." };
        var remove = Command("remove", "Lift one ban.",
            (client, parseResult) => AdminClientCommands.BanRemoveAsync(client, parseResult.GetValue(address)!, Console.Out, Console.Error), address);

        return
        [
            status,
            new System.CommandLine.Command("session", "Act on one session of the running server.") { kill },
            new System.CommandLine.Command("ban", "The running server's ban list.") { list, remove },
        ];
    }

    private static System.CommandLine.Command Command(string name, string description, Func<AdminClient, ParseResult, Task<int>> run, params Argument[] arguments)
    {
        // The token is in the data folder and the port in the configuration: --data and --config find both.
        var configuration = ConfigurationOptions.Only(["data"]);
        var command = new System.CommandLine.Command(name, description);
        foreach (var argument in arguments)
        {
            command.Add(argument);
        }

        configuration.AddTo(command);
        command.SetAction(async (parseResult, _) =>
        {
            var loaded = configuration.Load(parseResult);
            var settings = ConfigurationCheck.Load(loaded);
            using var client = TryConnect(settings.Admin, settings.DataDirectory);
            return client is null ? AdminClientCommands.Unreachable : await run(client, parseResult);
        });
        return command;
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
