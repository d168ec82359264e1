using System.CommandLine;

namespace Ferry.Cli;

/// <summary>
/// `ferry completion bash|zsh|pwsh`: prints a script that asks ferry itself for completions through
/// System.CommandLine's [suggest] directive, so completion always matches the installed binary.
/// </summary>
public static class CompletionCommandDefinition
{
    private const string Details = """
        bash:        add  eval "$(ferry completion bash)"  to ~/.bashrc
        zsh:         add  eval "$(ferry completion zsh)"   to ~/.zshrc
        PowerShell:  add  ferry completion pwsh | Out-String | Invoke-Expression  to $PROFILE
        The script asks ferry itself for candidates ([suggest] directive), so it always matches
        the installed version.
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new DocumentedCommand("completion", "Print a shell completion script for bash, zsh or PowerShell.", Details)
        {
            shell,
        };
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.Write(CompletionScripts.For(parseResult.GetRequiredValue(shell)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
