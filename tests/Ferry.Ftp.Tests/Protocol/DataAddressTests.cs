using System.Net;
using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Tests.Protocol;

public class DataAddressTests
{
    [Theory]
    [InlineData("127,0,0,1,4,1", "127.0.0.1", 1025)]
    [InlineData("192,168,1,20,0,21", "192.168.1.20", 21)]
    [InlineData("255,255,255,255,255,255", "255.255.255.255", 65535)]
    [InlineData(" 10 , 0,0 ,1,\t0,1 ", "10.0.0.1", 1)]
    [InlineData("010,000,000,001,000,010", "10.0.0.1", 10)]
    public void PortParsesSixDecimalNumbers(string argument, string address, int port)
    {
        Assert.True(DataAddress.TryParsePort(argument, out IPEndPoint endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127,0,0,1,4")]
    [InlineData("127,0,0,1,4,1,2")]
    [InlineData("127,0,0,1,4,1,")]
    [InlineData("256,0,0,1,4,1")]
    [InlineData("127,0,0,1,4,256")]
    [InlineData("127,0,0,-1,4,1")]
    [InlineData("127,0,0,+1,4,1")]
    [InlineData("127,0,0,1,0,0")]
    [InlineData("127,0,,1,4,1")]
    [InlineData("127.0.0.1,4,1")]
    [InlineData("127,0,0,1,0x4,1")]
    [InlineData("127,0,0,1,4 1,1")]
    [InlineData("1270,0,0,1,4,1")]
    [InlineData("99999999999,0,0,1,4,1")]
    public void PortRejectsMalformedArguments(string argument)
    {
        Assert.False(DataAddress.TryParsePort(argument, out _));
    }

    [Theory]
    [InlineData("|1|132.235.1.2|6275|", "132.235.1.2", 6275)]
    [InlineData("|2|::1|6275|", "::1", 6275)]
    [InlineData("|2|1080::8:800:200C:417A|5282|", "1080::8:800:200C:417A", 5282)]
    [InlineData("!1!10.0.0.1!21!", "10.0.0.1", 21)]
    [InlineData("~2~fe80::1~65535~", "fe80::1", 65535)]
    [InlineData("#1#127.0.0.1#1#", "127.0.0.1", 1)]
    [InlineData(" |1|127.0.0.1|2000| ", "127.0.0.1", 2000)]
    [InlineData("|2|::ffff:127.0.0.1|2000|", "127.0.0.1", 2000)]
    public void EprtParsesBothFamiliesAndAnyDelimiter(string argument, string address, int port)
    {
        Assert.Equal(EprtParse.Ok, DataAddress.TryParseEprt(argument, out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("|")]
    [InlineData("|1|127.0.0.1|2000")]
    [InlineData("|1|127.0.0.1|2000|x")]
    [InlineData("|1|127.0.0.1|2000||")]
    [InlineData("|1|127.0.0.1|")]
    [InlineData("|1|127.0.0.1|0|")]
    [InlineData("|1|127.0.0.1|65536|")]
    [InlineData("|1|127.0.0.1|-1|")]
    [InlineData("|1|127.0.0.1|0x50|")]
    [InlineData("|1|127.0.0.256|2000|")]
    [InlineData("|1|127.1|2000|")]
    [InlineData("|1|2130706433|2000|")]
    [InlineData("|1|::1|2000|")]
    [InlineData("|2|127.0.0.1|2000|")]
    [InlineData("|2|fe80::1%eth0|2000|")]
    [InlineData("|2|[::1]|2000|")]
    [InlineData("||127.0.0.1|2000|")]
    [InlineData("|x|127.0.0.1|2000|")]
    [InlineData(" 1 127.0.0.1 2000 ")]
    [InlineData("\u00e91\u00e9127.0.0.1\u00e92000\u00e9")]
    [InlineData("|1|127.0.0.1|2000!")]
    public void EprtRejectsMalformedArguments(string argument)
    {
        Assert.Equal(EprtParse.Malformed, DataAddress.TryParseEprt(argument, out IPEndPoint? endPoint));
        Assert.Null(endPoint);
    }

    [Theory]
    [InlineData("|3|127.0.0.1|2000|")]
    [InlineData("|0|127.0.0.1|2000|")]
    [InlineData("|23|whatever|2000|")]
    public void EprtReportsAnUnknownFamilyApart(string argument)
    {
        Assert.Equal(EprtParse.UnsupportedFamily, DataAddress.TryParseEprt(argument, out IPEndPoint? endPoint));
        Assert.Null(endPoint);
    }

    [Fact]
    public void PasvWritesAddressBytesAndPortHalves()
    {
        Assert.Equal(
            "Entering Passive Mode (192,168,1,20,78,33).",
            DataAddress.FormatPasv(IPAddress.Parse("192.168.1.20"), (78 * 256) + 33));
    }

    [Fact]
    public void PasvWritesAnIPv4MappedAddressAsIPv4()
    {
        Assert.Equal(
            "Entering Passive Mode (127,0,0,1,78,32).",
            DataAddress.FormatPasv(IPAddress.Parse("::ffff:127.0.0.1"), 20000));
    }

    [Fact]
    public void PasvRefusesARealIPv6Address()
    {
        Assert.Throws<ArgumentException>(() => DataAddress.FormatPasv(IPAddress.IPv6Loopback, 20000));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void PasvAndEpsvRefuseImpossiblePorts(int port)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataAddress.FormatPasv(IPAddress.Loopback, port));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataAddress.FormatEpsv(port));
    }

    [Fact]
    public void EpsvWritesThePortBetweenPipes()
    {
        Assert.Equal("Entering Extended Passive Mode (|||21000|)", DataAddress.FormatEpsv(21000));
    }

    [Fact]
    public void PasvOutputParsesBackThroughPort()
    {
        string reply = DataAddress.FormatPasv(IPAddress.Parse("10.1.2.3"), 65535);
        string numbers = reply[(reply.IndexOf('(') + 1)..reply.IndexOf(')')];

        Assert.True(DataAddress.TryParsePort(numbers, out IPEndPoint endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 65535), endPoint);
    }
}
