namespace Ferry.Integration.Tests;

/// <summary>The harness's leak check must itself be able to fail, or every server's clean bill means nothing.</summary>
public sealed class SecretWatchTests
{
    [Fact]
    public void A_console_line_holding_the_password_is_a_leak_described_without_the_password()
    {
        var watch = new SecretWatch("0123456789abcdef");
        watch.Check("console", "info: USER alice");
        Assert.Null(watch.FirstLeak);

        watch.Check("console", "dbug: PASS 0123456789abcdef");

        Assert.NotNull(watch.FirstLeak);
        Assert.Contains("PASS <SECRET>", watch.FirstLeak);
        Assert.DoesNotContain("0123456789abcdef", watch.FirstLeak);
    }

    [Fact]
    public void A_private_key_is_a_leak_whatever_secret_is_known()
    {
        var watch = new SecretWatch();
        watch.Check("stderr", "-----BEGIN PRIVATE KEY-----");
        Assert.NotNull(watch.FirstLeak);
    }

    [Fact]
    public void A_secret_learned_late_is_found_in_a_log_file()
    {
        var folder = Directory.CreateTempSubdirectory("ferry-secretwatch-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "u_ex261203.log"), "#Fields: date cs-username\n2026-12-03 token-abcdefgh-1234\n");
            var watch = new SecretWatch();
            watch.CheckFiles(folder);
            Assert.Null(watch.FirstLeak);

            watch.Add("token-abcdefgh-1234");
            watch.CheckFiles(folder);

            Assert.NotNull(watch.FirstLeak);
            Assert.StartsWith(Path.Combine(folder, "u_ex261203.log"), watch.FirstLeak);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Short_values_are_not_secrets_they_would_match_ordinary_text()
    {
        var watch = new SecretWatch("abc");
        watch.Check("console", "abc appears in many lines");
        Assert.Null(watch.FirstLeak);
    }
}
