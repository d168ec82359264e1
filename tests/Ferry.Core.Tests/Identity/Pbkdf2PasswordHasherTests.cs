using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class Pbkdf2PasswordHasherTests
{
    // Low counts keep tests fast; the format and checks do not depend on the cost.
    private static readonly PasswordHashOptions Cheap = new() { Iterations = 1000, MaxVerifyIterations = 100_000 };

    private readonly Pbkdf2PasswordHasher _hasher = new(Cheap);

    [Fact]
    public void Hash_then_verify_with_the_same_password_succeeds()
    {
        var hash = _hasher.Hash("correct horse battery staple");

        Assert.True(_hasher.Verify("correct horse battery staple", hash));
    }

    [Fact]
    public void Verify_with_a_wrong_password_fails()
    {
        var hash = _hasher.Hash("secret");

        Assert.False(_hasher.Verify("Secret", hash));
        Assert.False(_hasher.Verify("", hash));
    }

    [Fact]
    public void Non_ascii_passwords_round_trip()
    {
        var hash = _hasher.Hash("pässwörd-密码");

        Assert.True(_hasher.Verify("pässwörd-密码", hash));
        Assert.False(_hasher.Verify("passwort-密码", hash));
    }

    [Fact]
    public void Hash_has_the_self_describing_form()
    {
        var parts = _hasher.Hash("secret").Split('$');

        Assert.Equal(5, parts.Length);
        Assert.Equal("", parts[0]);
        Assert.Equal("pbkdf2-sha256", parts[1]);
        Assert.Equal("i=1000", parts[2]);
        Assert.Equal(16, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[4]).Length);
    }

    [Fact]
    public void The_same_password_hashed_twice_gives_different_salts_and_hashes()
    {
        var first = _hasher.Hash("secret").Split('$');
        var second = _hasher.Hash("secret").Split('$');

        Assert.NotEqual(first[3], second[3]);
        Assert.NotEqual(first[4], second[4]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("secret")]
    [InlineData("$pbkdf2-sha256$")]
    [InlineData("$pbkdf2-sha256$i=1000$")]
    [InlineData("$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA==$")]
    [InlineData("$pbkdf2-sha256$i=1000$not*base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$i=abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$i=0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$i=-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$i= 1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$n=1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha1$i=1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$i=99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra")]
    public void Verify_of_malformed_hash_is_false(string hash)
    {
        Assert.False(_hasher.Verify("secret", hash));
    }

    [Fact]
    public void Verify_of_an_oversized_field_is_false()
    {
        var huge = new string('A', 100_000);

        Assert.False(_hasher.Verify("secret", $"$pbkdf2-sha256$i=1000${huge}${huge}"));
    }

    [Fact]
    public void Verify_refuses_an_iteration_count_above_the_ceiling_without_computing_it()
    {
        // The stored count is raised beyond the ceiling; were it computed, the test would run for minutes.
        var parts = _hasher.Hash("secret").Split('$');
        var tampered = $"$pbkdf2-sha256$i={int.MaxValue}${parts[3]}${parts[4]}";

        Assert.False(_hasher.Verify("secret", tampered));
    }

    [Fact]
    public void Verify_fails_when_the_stored_count_was_changed_within_the_ceiling()
    {
        var parts = _hasher.Hash("secret").Split('$');
        var tampered = $"$pbkdf2-sha256$i=1001${parts[3]}${parts[4]}";

        Assert.False(_hasher.Verify("secret", tampered));
    }

    [Fact]
    public void Verify_uses_the_count_stored_in_the_hash_not_the_configured_one()
    {
        var old = new Pbkdf2PasswordHasher(Cheap with { Iterations = 500 }).Hash("secret");

        Assert.True(_hasher.Verify("secret", old));
    }

    [Fact]
    public void NeedsRehash_is_false_for_a_hash_at_the_configured_cost()
    {
        Assert.False(_hasher.NeedsRehash(_hasher.Hash("secret")));
    }

    [Fact]
    public void NeedsRehash_is_true_for_a_cheaper_hash_and_false_for_a_dearer_one()
    {
        var cheaper = new Pbkdf2PasswordHasher(Cheap with { Iterations = 500 }).Hash("secret");
        var dearer = new Pbkdf2PasswordHasher(Cheap with { Iterations = 2000 }).Hash("secret");

        Assert.True(_hasher.NeedsRehash(cheaper));
        Assert.False(_hasher.NeedsRehash(dearer));
    }

    [Fact]
    public void NeedsRehash_is_true_for_malformed_text_and_other_sizes()
    {
        var eightByteSalt = "$pbkdf2-sha256$i=1000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

        Assert.True(_hasher.NeedsRehash("not a hash"));
        Assert.True(_hasher.NeedsRehash(eightByteSalt));
    }

    [Fact]
    public void Options_with_a_ceiling_below_the_cost_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 10, MaxVerifyIterations = 5 }));
    }

    [Fact]
    public void Default_cost_is_the_OWASP_2023_figure()
    {
        Assert.Equal(600_000, new PasswordHashOptions().Iterations);
    }
}
