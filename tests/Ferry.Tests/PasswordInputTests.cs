using Ferry.Accounts;
using Ferry.Cli;

namespace Ferry.Tests;

public sealed class PasswordInputTests
{
    private static readonly PasswordInput FromInput = new(null, null, false);

    [Theory]
    [InlineData("s3cret pass\n")]
    [InlineData("s3cret pass\r\n")]
    [InlineData("s3cret pass")]
    [InlineData("s3cret pass\nsecond line\n")]
    public void Piped_input_gives_its_first_line_without_the_line_ending(string piped)
    {
        var (password, generated) = FromInput.Read("account bob", new StringReader(piped), inputIsTerminal: false);

        Assert.Equal("s3cret pass", password);
        Assert.False(generated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Empty_piped_input_is_a_usage_error_that_names_the_other_sources(string piped)
    {
        var error = Assert.Throws<UsageException>(() => FromInput.Read("account bob", new StringReader(piped), inputIsTerminal: false));

        Assert.Contains("account bob", error.Message);
        Assert.Contains("--generate", error.Message);
        Assert.Contains("--password-file", error.Message);
    }

    [Fact]
    public void Generate_wins_over_piped_input_and_says_so()
    {
        var (password, generated) = new PasswordInput(null, null, true).Read("account bob", new StringReader("piped\n"), inputIsTerminal: false);

        Assert.True(generated);
        Assert.NotEqual("piped", password);
        Assert.Equal(20, password.Length);
    }

    [Fact]
    public void A_file_source_is_read_instead_of_the_input()
    {
        using var dir = new TempDirectory();
        var file = dir.File("pw.txt");
        File.WriteAllText(file, "from-file\n");

        var (password, _) = new PasswordInput(null, file, false).Read("account bob", new StringReader("piped\n"), inputIsTerminal: false);

        Assert.Equal("from-file", password);
    }

    [Fact]
    public void Two_sources_are_refused()
    {
        var error = Assert.Throws<UsageException>(() =>
            new PasswordInput("SOME_VARIABLE", null, true).Read("account bob", new StringReader(""), inputIsTerminal: false));

        Assert.Contains("one password source", error.Message);
    }
}
