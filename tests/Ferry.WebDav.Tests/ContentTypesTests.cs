using System.Text;
using Ferry.WebDav.Properties;
using Microsoft.AspNetCore.StaticFiles;

namespace Ferry.WebDav.Tests;

/// <summary>ContentTypes looks extensions up by span and answers what ASP.NET Core's provider answers for the same name.</summary>
public sealed class ContentTypesTests
{
    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static TheoryData<string> Names => new()
    {
        "report.pdf", "photo.JPG", "Photo.Jpeg", "archive.tar.gz", "notes.txt", "index.html", "a.b.c.svg",
        "f00000", "noextension", ".bashrc", ".PNG", "trailing.", "two..dots", "unknown.zzz-not-a-type", " ", "é.mp4", "x.%70df",
        "dotless\u0131.ico", "long-s.\u017Fvg", "x." + new string('e', 200), "漢字.漢字", "emoji.😀",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_name_gets_the_type_the_provider_gives_or_the_default(string name)
    {
        var expected = Provider.TryGetContentType(name, out var type) ? type : ContentTypes.Default;

        Assert.Equal(expected, ContentTypes.For(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_name_as_UTF8_gets_the_type_its_string_gets(string name)
    {
        Assert.Equal(ContentTypes.For(name), ContentTypes.For(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void Every_extension_of_the_table_is_found_in_any_case()
    {
        foreach (var (extension, type) in Provider.Mappings)
        {
            Assert.Equal(type, ContentTypes.For("file" + extension));
            Assert.Equal(type, ContentTypes.For("file" + extension.ToUpperInvariant()));
            Assert.Equal(type, ContentTypes.For(Encoding.UTF8.GetBytes("file" + extension.ToUpperInvariant())));
        }
    }

    [Fact]
    public void An_unknown_extension_is_bytes()
    {
        Assert.Equal("application/octet-stream", ContentTypes.For("data.unknown-extension"));
        Assert.Equal("application/pdf", ContentTypes.For("paper.pdf"));
    }
}
