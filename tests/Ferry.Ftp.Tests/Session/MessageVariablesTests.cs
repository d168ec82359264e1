using Ferry.Ftp.Session;

namespace Ferry.Ftp.Tests.Session;

public sealed class MessageVariablesTests
{
    private static readonly MessageVariables.Values Values = new("alice", "ftp.example.com", "17", 1234, 56);

    [Theory]
    [InlineData("Hello %UserName%.", "Hello alice.")]
    [InlineData("Hello %username% at %SITENAME%", "Hello alice at ftp.example.com")]
    [InlineData("Session %SessionID%: %BytesSent% out, %BytesReceived% in", "Session 17: 1234 out, 56 in")]
    [InlineData("100% sure, %UserName%", "100% sure, alice")]
    [InlineData("50%% off", "50% off")]
    [InlineData("%Unknown% stays", "%Unknown% stays")]
    [InlineData("%UserName", "%UserName")]
    [InlineData("no variables", "no variables")]
    [InlineData("", "")]
    public void IIS_message_variables_are_filled_in_and_anything_else_is_left_as_written(string text, string expected) =>
        Assert.Equal(expected, MessageVariables.Expand(text, Values));

    [Fact]
    public void A_session_before_logon_has_an_empty_user_name() =>
        Assert.Equal("Hi .", MessageVariables.Expand("Hi %UserName%.", Values with { UserName = null }));
}
