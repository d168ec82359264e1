using System.Text;
using System.Xml;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Tests.Xml;

/// <summary>MarkupBuffer must write the very bytes XmlWriter writes for the same text, attribute value or raw markup.</summary>
public sealed class MarkupBufferTests
{
    public static TheoryData<string> Values => new()
    {
        "",
        "f00000",
        "plain.txt",
        "a & b < c > d \" e ' f",
        "amp&lt<gt>.html",
        "ünï çødé.jpg",
        "emoji \U0001F600 in a name",
        "tab\there",
        "line\nbreak",
        "carriage\rreturn",
        "crlf\r\nend",
        "]]>",
        "\"6b1179bd.1b3ab13e-4\"",
        new string('x', 5000),
        new string('é', 3000) + "<",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Text_IsWhatXmlWriterWritesAsElementText(string value)
    {
        Assert.Equal(ViaXmlWriter(w => w.WriteString(value)), ViaBuffer(b => b.Text(value)));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Attribute_IsWhatXmlWriterWritesAsAnAttributeValue(string value)
    {
        var expected = ViaXmlWriter(w =>
        {
            w.WriteStartElement("e");
            w.WriteAttributeString("a", value);
            w.WriteString("");
        });
        Assert.Equal(expected, "<e a=\"" + ViaBuffer(b => b.Attribute(value)) + "\">");
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Raw_IsWhatXmlWriterWritesAsRawMarkup(string value)
    {
        Assert.Equal(ViaXmlWriter(w => w.WriteRaw(value)), ViaBuffer(b => b.Raw(value)));
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("bad\uFFFEchar")]
    [InlineData("\uFFFF")]
    public void Text_RefusesWhatXmlCannotCarry_AsXmlWriterDoes(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => ViaXmlWriter(w => w.WriteString(value)));
        Assert.ThrowsAny<ArgumentException>(() => ViaBuffer(b => b.Text(value)));
    }

    /// <summary>A fact rather than theory data: xunit's serialisation of theory data would turn a lone surrogate into U+FFFD.</summary>
    [Fact]
    public void Text_RefusesLoneSurrogates_AsXmlWriterDoes()
    {
        foreach (var value in new[] { "lone \uD800 high", "lone \uDC00 low", "\uD800" })
        {
            Assert.ThrowsAny<ArgumentException>(() => ViaXmlWriter(w => w.WriteString(value)));
            Assert.ThrowsAny<ArgumentException>(() => ViaBuffer(b => b.Text(value)));
        }
    }

    [Theory]
    [InlineData("f00000")]
    [InlineData("a b")]
    [InlineData("pct%25 #hash?.bin")]
    [InlineData("ünï çødé.jpg")]
    [InlineData("emoji \U0001F600")]
    [InlineData("-._~!*'();:@&=+$,/?[]")]
    public void EscapedSegment_IsUriEscapeDataString(string segment)
    {
        Assert.Equal(Uri.EscapeDataString(segment), ViaBuffer(b => b.EscapedSegment(segment)));
    }

    [Fact]
    public void Numbers_AreInvariant()
    {
        foreach (var value in new[] { -42L, 0, 7, 1_000_000, long.MinValue, long.MaxValue })
        {
            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), ViaBuffer(b => b.Number(value)));
        }
    }

    [Fact]
    public void GrowsPastItsFirstCapacity_KeepingWhatWasWritten()
    {
        var parts = Enumerable.Range(0, 2000).Select(i => $"<part {i}>").ToList();
        var expected = ViaXmlWriter(w => parts.ForEach(w.WriteString));
        Assert.Equal(expected, ViaBuffer(b => parts.ForEach(b.Text), capacity: 16));
    }

    private static string ViaBuffer(Action<MarkupBuffer> write, int capacity = 64)
    {
        using var buffer = new MarkupBuffer(capacity);
        write(buffer);
        return Encoding.UTF8.GetString(buffer.Written.Span);
    }

    /// <summary>What DavXml's response settings write for <paramref name="write"/> inside a wrapper element.</summary>
    private static string ViaXmlWriter(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using var writer = XmlWriter.Create(stream, DavXml.WriterSettings);
        writer.WriteStartElement("wrapper");
        writer.WriteString("");
        writer.Flush();
        var start = (int)stream.Length;
        write(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(stream.GetBuffer(), start, (int)stream.Length - start);
    }
}
