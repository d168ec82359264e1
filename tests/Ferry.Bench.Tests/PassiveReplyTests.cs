namespace Ferry.Bench.Tests;

public class PassiveReplyTests
{
    [Theory]
    [InlineData("227 Entering Passive Mode (127,0,0,1,117,48).", 30000)]
    [InlineData("227 Entering Passive Mode 127,0,0,1,117,49", 30001)]
    [InlineData("227 =127,0,0,1,0,21", 21)]
    public void Finds_the_port_in_a_227_reply(string reply, int port)
    {
        Assert.True(PassiveReply.TryParsePasv(reply, out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("227 Entering Passive Mode (127,0,0,1,117).")]
    [InlineData("227 Entering Passive Mode (127,0,0,1,300,1).")]
    [InlineData("227 Entering Passive Mode (127,0,0,1,0,0).")]
    [InlineData("227 nothing here")]
    public void Rejects_a_227_reply_without_six_numbers(string reply)
    {
        Assert.False(PassiveReply.TryParsePasv(reply, out _));
    }

    [Theory]
    [InlineData("229 Entering Extended Passive Mode (|||6446|)", 6446)]
    [InlineData("229 Entering Extended Passive Mode (!!!30999!)", 30999)]
    public void Finds_the_port_in_a_229_reply(string reply, int port)
    {
        Assert.True(PassiveReply.TryParseEpsv(reply, out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("229 Entering Extended Passive Mode (|||70000|)")]
    [InlineData("229 Entering Extended Passive Mode (||6446|)")]
    [InlineData("229 Entering Extended Passive Mode (|||6446)")]
    [InlineData("229 Entering Extended Passive Mode")]
    public void Rejects_a_malformed_229_reply(string reply)
    {
        Assert.False(PassiveReply.TryParseEpsv(reply, out _));
    }

    [Theory]
    [InlineData("227 Entering Passive Mode (127,0,0,1,117,48).", 30000)]
    [InlineData("227 =127,0,0,1,0,21", 21)]
    public void Finds_the_port_in_a_227_reply_given_as_bytes(string reply, int port)
    {
        Assert.True(PassiveReply.TryParsePasv(System.Text.Encoding.Latin1.GetBytes(reply), out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("227 Entering Passive Mode (127,0,0,1,300,1).")]
    [InlineData("227 Entering Passive Mode (127,0,0,1,117).")]
    public void Rejects_a_227_reply_given_as_bytes_without_six_numbers(string reply)
    {
        Assert.False(PassiveReply.TryParsePasv(System.Text.Encoding.Latin1.GetBytes(reply), out _));
    }

    [Theory]
    [InlineData("229 Entering Extended Passive Mode (|||6446|)", 6446)]
    [InlineData("229 Entering Extended Passive Mode (!!!30999!)", 30999)]
    public void Finds_the_port_in_a_229_reply_given_as_bytes(string reply, int port)
    {
        Assert.True(PassiveReply.TryParseEpsv(System.Text.Encoding.Latin1.GetBytes(reply), out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("229 Entering Extended Passive Mode (|||70000|)")]
    [InlineData("229 Entering Extended Passive Mode (|||6446)")]
    public void Rejects_a_malformed_229_reply_given_as_bytes(string reply)
    {
        Assert.False(PassiveReply.TryParseEpsv(System.Text.Encoding.Latin1.GetBytes(reply), out _));
    }
}
