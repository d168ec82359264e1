using System.CommandLine;
using Ferry.Cli;
using Ferry.Configuration;

namespace Ferry.Tests;

public sealed class FerryCommandLineTests
{
    private static ParseResult Parse(params string[] args) => FerryCommandLine.Parse(FerryCommandLine.Build(), args);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FerryCommandLine.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Serve_takes_repeated_listen_and_user_in_order()
    {
        var result = Parse("serve", "--listen", "127.0.0.1", "--listen=::1", "--user", "a:1", "--user", "b:2");

        Assert.Empty(result.Errors);
        Assert.Equal("serve", result.CommandResult.Command.Name);
        Assert.Equal(["127.0.0.1", "::1"], result.GetRequiredValue<string[]>("--listen"));
        Assert.Equal(["a:1", "b:2"], result.GetRequiredValue<string[]>("--user"));
    }

    [Fact]
    public void Every_quick_start_flag_is_an_option_of_serve_and_tls_fingerprint()
    {
        foreach (var (flag, _) in ConfigurationLoader.QuickStartFlags)
        {
            if (ConfigurationLoader.SwitchFlags.Contains(flag))
            {
                // A switch takes no value: given alone it is on.
                var on = Parse("serve", "--" + flag);
                Assert.Empty(on.Errors);
                Assert.True(on.GetValue<bool>("--" + flag));
                Assert.Empty(Parse("tls", "fingerprint", "--" + flag).Errors);
                continue;
            }

            var serve = Parse("serve", "--" + flag, "x");
            var fingerprint = Parse("tls", "fingerprint", "--" + flag, "x");

            Assert.Empty(serve.Errors);
            Assert.Equal("x", serve.GetValue<string>("--" + flag));
            Assert.Empty(fingerprint.Errors);
        }
    }

    [Fact]
    public void Value_may_follow_an_equals_sign_and_keep_later_equals_signs()
    {
        var result = Parse("serve", "--ftp-port=2200", "--user=alice:a=b");

        Assert.Empty(result.Errors);
        Assert.Equal("2200", result.GetValue<string>("--ftp-port"));
        Assert.Equal(["alice:a=b"], result.GetRequiredValue<string[]>("--user"));
    }

    [Fact]
    public void Account_add_takes_the_name_and_its_options()
    {
        var result = Parse("account", "add", "alice", "--home", "alice-home", "--permissions", "readonly", "--data", "d");

        Assert.Empty(result.Errors);
        Assert.Equal("add", result.CommandResult.Command.Name);
        Assert.Equal("alice", result.GetValue<string>("NAME"));
        Assert.Equal("alice-home", result.GetValue<string>("--home"));
        Assert.Equal("readonly", result.GetValue<string>("--permissions"));
        Assert.Equal("d", result.GetValue<string>("--data"));
    }

    [Fact]
    public void Double_dash_ends_the_options_so_a_name_may_start_with_a_dash()
    {
        var result = Parse("account", "remove", "--data", "d", "--", "-odd-name");

        Assert.Empty(result.Errors);
        Assert.Equal("-odd-name", result.GetValue<string>("NAME"));
    }

    [Fact]
    public void An_argument_starting_with_at_is_a_value_not_a_response_file()
    {
        using var dir = new TempDirectory();
        var file = dir.File("args.rsp");
        File.WriteAllText(file, "--ftp-port 9999");

        var result = Parse("serve", "--root", "@" + file);

        Assert.Empty(result.Errors);
        Assert.Equal("@" + file, result.GetValue<string>("--root"));
        Assert.Null(result.GetValue<string>("--ftp-port"));
    }

    [Fact]
    public void An_option_of_another_command_is_an_error()
    {
        var result = Parse("account", "list", "--ftp-port", "2200");

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var command in new[] { "serve", "account", "tls", "completion", "help" })
        {
            Assert.Matches($@"(?m)^  {command}\b", output);
        }
    }

    [Fact]
    public async Task Help_command_explains_a_command_with_its_options_and_details()
    {
        var (exitCode, output, _) = await RunAsync("help", "serve");

        Assert.Equal(0, exitCode);
        Assert.Contains("ferry serve [options]", output);
        Assert.Contains("--ftp-port", output);
        Assert.Contains("--passive-ports", output);
        Assert.Contains("Details:", output);
        Assert.Contains("self-signed certificate", output);
    }

    [Fact]
    public async Task Help_command_reaches_subcommands()
    {
        var (exitCode, output, _) = await RunAsync("help", "account", "add");

        Assert.Equal(0, exitCode);
        Assert.Contains("ferry account add <NAME> [options]", output);
        Assert.Contains("--password-env", output);
        Assert.Contains("piped", output);
    }

    [Fact]
    public async Task Help_command_with_no_word_is_the_main_help()
    {
        var (exitCode, output, _) = await RunAsync("help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Commands:", output);
    }

    [Fact]
    public async Task Help_of_an_unknown_command_is_a_usage_error()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => RunAsync("help", "nosuch"));

        Assert.Contains("'ferry nosuch'", error.Message);
    }

    [Fact]
    public async Task No_command_shows_the_help_and_exits_2()
    {
        var (exitCode, output, error) = await RunAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("Commands:", output);
        Assert.Contains("ferry help", error);
    }

    [Fact]
    public async Task A_misspelled_option_is_refused_with_a_suggestion_and_exit_code_2()
    {
        var (exitCode, output, error) = await RunAsync("serve", "--roto", "/srv");
        error = output + error; // the library writes "Did you mean" to the output, the error to the error stream

        Assert.Equal(2, exitCode);
        Assert.Contains("'--roto'", error);
        Assert.Contains("Did you mean", error);
        Assert.Contains("--root", error);
        Assert.Contains("ferry help serve", error);
    }

    [Fact]
    public async Task A_misspelled_command_is_refused_with_a_suggestion()
    {
        var (exitCode, output, error) = await RunAsync("serv");
        error = output + error; // the library writes "Did you mean" to the output, the error to the error stream

        Assert.Equal(2, exitCode);
        Assert.Contains("Did you mean", error);
        Assert.Matches(@"(?m)^serve\s*$", error);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    [InlineData("-v")]
    public async Task Version_flags_print_the_version_and_the_commit(string flag)
    {
        var (exitCode, output, error) = await RunAsync(flag);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Matches(@"^ferry \d+\.\d+\.\d+\S* \(commit [^)]+\)\r?\n$", output);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("pwsh")]
    public async Task Completion_prints_a_script_that_asks_ferry_through_the_suggest_directive(string shell)
    {
        var (exitCode, output, _) = await RunAsync("completion", shell);

        Assert.Equal(0, exitCode);
        Assert.Contains("[suggest:", output);
    }

    [Fact]
    public void Suggest_directive_completes_options_and_commands()
    {
        var root = FerryCommandLine.Build();

        var options = root.Parse("serve --ro").GetCompletions(position: 10).Select(c => c.Label);
        var commands = root.Parse("account pa").GetCompletions(position: 10).Select(c => c.Label);

        Assert.Contains("--root", options);
        Assert.Contains("passwd", commands);
    }
}
