namespace Ferry.Cli;

/// <summary>
/// Shell scripts that complete `ferry` by asking it: `ferry "[suggest:CURSOR]" "LINE"` (System.CommandLine's
/// suggest directive) prints the candidates one a line. The dotnet-suggest tool does the same for
/// every .NET program, but it is one more global tool to install.
/// </summary>
public static class CompletionScripts
{
    private const string Bash = """
        # ferry completion for bash: eval "$(ferry completion bash)"
        _ferry_complete()
        {
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        # With no candidate (a file or folder value), fall back to file names.
        complete -o default -o bashdefault -F _ferry_complete ferry

        """;

    private const string Zsh = """
        # ferry completion for zsh: eval "$(ferry completion zsh)"
        autoload -U +X bashcompinit && bashcompinit

        """ + Bash;

    private const string PowerShell = """
        # ferry completion for PowerShell: ferry completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName ferry -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            ferry "[suggest:$cursorPosition]" "$commandAst" | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "pwsh" => PowerShell,
        _ => throw new UsageException($"No completion script for '{shell}': bash, zsh or pwsh."),
    };
}
