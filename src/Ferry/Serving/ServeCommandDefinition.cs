using System.CommandLine;
using Ferry.Cli;

namespace Ferry.Serving;

/// <summary>`ferry serve`: its options and help; the work is <see cref="ServeCommand.RunAsync"/>.</summary>
public static class ServeCommandDefinition
{
    private const string Details = """
        With no options Ferry creates ./ferry-data, serves ./ferry-data/files over FTP on port 2121
        (all addresses, IPv4 and IPv6) with passive ports 20000-21999, offers AUTH TLS with a
        self-signed certificate it makes once (DATA/tls; its fingerprints are logged at start-up),
        serves the same files over WebDAV on https://HOST:8443/ (same certificate) and
        http://HOST:8080/ (passwords over plain HTTP only from this machine), and creates a first
        account whose password it shows once and writes to a file readable only by you.
        """;

    public static Command Create()
    {
        var configuration = ConfigurationOptions.All();
        var listen = new Option<string[]>("--listen")
        {
            HelpName = "ADDRESS",
            Description = "Listen on this address only; repeatable (default: all addresses).",
        };
        var user = new Option<string[]>("--user")
        {
            HelpName = "NAME:PASSWORD",
            Description = "An account with full rights on the root, for this run only; repeatable. "
                + "The password may be env:VARIABLE or file:PATH to read it from an environment variable or a file.",
        };

        var command = new DocumentedCommand("serve", "Run the server: FTP, FTPS and WebDAV on the same files and accounts.", Details);
        configuration.AddTo(command);
        command.Add(listen);
        command.Add(user);
        command.SetAction((parseResult, _) =>
        {
            var listenFlags = (parseResult.GetValue(listen) ?? []).Select(address => ("listen", address));
            return ServeCommand.RunAsync(() => configuration.Load(parseResult, listenFlags), configuration.File(parseResult) ?? "ferry.json", parseResult.GetValue(user) ?? []);
        });
        return command;
    }
}
