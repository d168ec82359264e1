using Ferry.Admin;

namespace Ferry.Tests.Admin;

public sealed class AdminTokenTests
{
    [Fact]
    public void The_first_start_makes_a_256_bit_base64url_token_only_its_owner_can_read()
    {
        using var data = new TempDirectory();

        var token = AdminToken.EnsureCreated(data.Path);

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.File(AdminToken.FileName)));
        }
    }

    [Fact]
    public void Later_starts_and_the_client_read_the_same_token()
    {
        using var data = new TempDirectory();
        var token = AdminToken.EnsureCreated(data.Path);

        Assert.Equal(token, AdminToken.EnsureCreated(data.Path));
        Assert.Equal(token, AdminToken.Read(data.Path));
    }

    [Fact]
    public void Two_data_folders_get_different_tokens()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        Assert.NotEqual(AdminToken.EnsureCreated(first.Path), AdminToken.EnsureCreated(second.Path));
    }

    [Theory]
    [InlineData("Bearer abc", true)]
    [InlineData("bearer abc", true)]
    [InlineData("Bearer abc ", true)]
    [InlineData("Bearer abd", false)]
    [InlineData("Bearer ab", false)]
    [InlineData("Bearer abcd", false)]
    [InlineData("Basic abc", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_the_exact_bearer_token_matches(string? header, bool matches)
    {
        Assert.Equal(matches, AdminToken.Matches("abc", header));
    }
}
