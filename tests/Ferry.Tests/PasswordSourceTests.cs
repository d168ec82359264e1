using System.Runtime.Versioning;
using Ferry.Cli;
using Ferry.Serving;

namespace Ferry.Tests;

// File modes are checked as the Linux server sets them.
[SupportedOSPlatform("linux")]
[Collection(nameof(EnvironmentCollection))]
public sealed class PasswordSourceTests
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Plain_text_is_the_password_itself()
    {
        Assert.Equal("s3cret:with=odd chars", PasswordSource.Resolve("s3cret:with=odd chars", "--user alice"));
    }

    [Fact]
    public void Env_reference_reads_the_variable()
    {
        const string Variable = "FERRY_TEST_PASSWORD_SOURCE";
        Environment.SetEnvironmentVariable(Variable, "from-env");
        try
        {
            Assert.Equal("from-env", PasswordSource.Resolve($"env:{Variable}", "--user alice"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public void Missing_env_variable_is_a_usage_error_naming_it()
    {
        const string Variable = "FERRY_TEST_PASSWORD_SOURCE_UNSET";
        Environment.SetEnvironmentVariable(Variable, null);

        var error = Assert.Throws<UsageException>(() => PasswordSource.Resolve($"env:{Variable}", "--user alice"));

        Assert.Contains(Variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("--user alice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_reference_reads_only_the_first_line()
    {
        using var dir = new TempDirectory();
        var file = dir.File("pw.txt");
        File.WriteAllText(file, "first-line\r\nsecond-line\n");

        Assert.Equal("first-line", PasswordSource.Resolve($"file:{file}", "--user alice"));
    }

    [Fact]
    public void File_without_a_newline_is_read_whole()
    {
        using var dir = new TempDirectory();
        var file = dir.File("pw.txt");
        File.WriteAllText(file, "only");

        Assert.Equal("only", PasswordSource.Resolve($"file:{file}", "--user alice"));
    }

    [Fact]
    public void Missing_file_is_a_usage_error_naming_it()
    {
        using var dir = new TempDirectory();
        var file = dir.File("absent.txt");

        var error = Assert.Throws<UsageException>(() => PasswordSource.Resolve($"file:{file}", "--user alice"));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\nsecond")]
    public void File_with_an_empty_first_line_is_a_usage_error(string content)
    {
        using var dir = new TempDirectory();
        var file = dir.File("empty.txt");
        File.WriteAllText(file, content);

        var error = Assert.Throws<UsageException>(() => PasswordSource.Resolve($"file:{file}", "--user alice"));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_password_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => PasswordSource.Resolve("", "--user alice"));

        Assert.Contains("--user alice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_gives_twenty_characters_from_the_alphabet()
    {
        var password = PasswordSource.Generate();

        Assert.Equal(20, password.Length);
        Assert.All(password, c => Assert.Contains(c, Alphabet));
    }

    [Fact]
    public void Generate_gives_a_different_password_each_time()
    {
        // Equal draws have probability 56^-20 (about 2^-116): a failure here means no randomness.
        Assert.NotEqual(PasswordSource.Generate(), PasswordSource.Generate());
    }

    [Fact]
    public void WriteOwnerOnly_creates_a_file_only_the_owner_can_read()
    {
        using var dir = new TempDirectory();
        var file = dir.File("secret.txt");

        PasswordSource.WriteOwnerOnly(file, "secret\n");

        Assert.Equal("secret\n", File.ReadAllText(file));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
    }

    [Fact]
    public void WriteOwnerOnly_replaces_an_older_file_and_narrows_its_mode()
    {
        using var dir = new TempDirectory();
        var file = dir.File("secret.txt");
        File.WriteAllText(file, "an older and longer secret");
        File.SetUnixFileMode(file, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        PasswordSource.WriteOwnerOnly(file, "new");

        Assert.Equal("new", File.ReadAllText(file));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
    }
}
