using Ferry.Core.Access;
using Ferry.Ftp.Commands;

namespace Ferry.Ftp.Tests.Commands;

public sealed class AccessRepliesTests
{
    [Theory]
    [InlineData(AccessRefusal.BadCredentials, "Login incorrect.")]
    [InlineData(AccessRefusal.Banned, "Login incorrect. Too many failed logons from your address; wait a few minutes.")]
    [InlineData(AccessRefusal.TlsRequired, "TLS is required on this server: send AUTH TLS before logging on.")]
    [InlineData(AccessRefusal.HomeUnavailable, "Logon failed: your home folder is unavailable. Please tell the administrator.")]
    public void Every_logon_refusal_is_a_530_with_the_established_text(AccessRefusal refusal, string text)
    {
        Assert.Equal((530, text), AccessReplies.For(refusal));
    }

    [Fact]
    public void Too_many_sessions_is_a_530_that_says_what_to_do()
    {
        var (code, text) = AccessReplies.For(AccessRefusal.TooManySessions);

        Assert.Equal(530, code);
        Assert.Contains("Close one", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_busy_address_is_not_told_it_is_banned()
    {
        var (code, text) = AccessReplies.For(AccessRefusal.Busy);

        Assert.Equal(530, code);
        Assert.Contains("try again in a moment", text, StringComparison.Ordinal);
        Assert.DoesNotContain("failed logons", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SessionLimit.Total, 10, "Too many connections: the server allows 10 at once. Try again later.")]
    [InlineData(SessionLimit.PerAddress, 2, "Too many connections from your address (2 allowed). Close some and try again.")]
    public void A_refused_connection_gets_421_and_a_sentence_naming_the_limit(SessionLimit limit, int allowed, string text)
    {
        Assert.Equal((421, text), AccessReplies.ForConnection(new SessionRefusal(limit, allowed)));
    }
}
