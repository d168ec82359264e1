using System.Text;

namespace Ferry.Storage.Local.Tests;

public sealed class DiskNamesTests
{
    private static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("été 2026.txt")]
    [InlineData("100% done.txt")]
    [InlineData("50%off")]
    [InlineData("file%20name.txt")]
    [InlineData("caf%C3%A9")]
    [InlineData("%")]
    [InlineData("a%2Fb%FF")]
    public void An_ordinary_utf8_name_is_shown_as_it_is(string name)
    {
        Assert.Equal(name, DiskNames.Decode(Encoding.UTF8.GetBytes(name)));
        Assert.Equal(Encoding.UTF8.GetBytes(name), DiskNames.Encode(name));
    }

    [Fact]
    public void Every_printable_ascii_character_but_the_percent_and_backslash_is_shown_as_it_is()
    {
        for (var c = ' '; c <= '~'; c++)
        {
            var name = "a" + c + "b";
            var expected = c switch
            {
                '\\' => "a%5Cb",
                _ => name,
            };

            Assert.Equal(expected, DiskNames.Decode(Encoding.UTF8.GetBytes(name)));
        }

        Assert.Equal("tab%09name", DiskNames.Decode("tab\tname"u8));
        Assert.Equal("del%7Fname", DiskNames.Decode("del\u007Fname"u8));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_shown_as_percent_escapes()
    {
        Assert.Equal("caf%E9.txt", DiskNames.Decode(Bytes("caf\u00E9.txt")));
        Assert.Equal(Bytes("caf\u00E9.txt"), DiskNames.Encode("caf%E9.txt"));
    }

    [Fact]
    public void A_percent_in_an_escaped_name_is_itself_escaped()
    {
        Assert.Equal("100%25 caf%E9", DiskNames.Decode(Bytes("100% caf\u00E9")));
        Assert.Equal(Bytes("100% caf\u00E9"), DiskNames.Encode("100%25 caf%E9"));
    }

    [Fact]
    public void A_utf8_name_that_would_read_as_an_escape_is_escaped_so_that_no_two_names_look_alike()
    {
        var literal = Encoding.UTF8.GetBytes("caf%E9.txt");
        var raw = Bytes("caf\u00E9.txt");

        Assert.Equal("caf%25E9.txt", DiskNames.Decode(literal));
        Assert.Equal(literal, DiskNames.Encode("caf%25E9.txt"));
        Assert.NotEqual(DiskNames.Decode(literal), DiskNames.Decode(raw));
    }

    [Fact]
    public void Control_characters_and_backslashes_are_escaped_too()
    {
        Assert.Equal("a%0Ab%5Cc", DiskNames.Decode("a\nb\\c"u8));
        Assert.Equal("a\nb\\c"u8.ToArray(), DiskNames.Encode("a%0Ab%5Cc"));
    }

    [Theory]
    [InlineData("..%2F..%2F%FF")]
    [InlineData("%00%FF")]
    public void An_escape_never_stands_for_a_slash_or_nul(string name)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(name), DiskNames.Encode(name));
        Assert.Equal(Encoding.UTF8.GetBytes("x/" + name + "\0"), DiskNames.EncodePathZ("x/" + name));
    }

    [Fact]
    public void Paths_are_encoded_name_by_name()
    {
        Assert.Equal([.. Bytes("caf\u00E9/sub/d\u00E9j\u00E0"), 0], DiskNames.EncodePathZ("caf%E9/sub/d%E9j%E0"));
    }

    [Fact]
    public void Every_name_of_a_dense_alphabet_round_trips_and_no_two_are_shown_alike()
    {
        // Bytes that make escapes, near-escapes, UTF-8 sequences, broken ones and unsayable characters.
        byte[] alphabet = [(byte)'a', (byte)'%', (byte)'2', (byte)'5', (byte)'E', (byte)'9', (byte)'C', (byte)'3', 0xE9, 0xC3, 0xA9, (byte)'\\', (byte)'\n'];
        var random = new Random(20261203);
        var shown = new Dictionary<string, byte[]>();
        for (var i = 0; i < 20_000; i++)
        {
            var name = new byte[random.Next(1, 10)];
            for (var j = 0; j < name.Length; j++)
            {
                name[j] = alphabet[random.Next(alphabet.Length)];
            }

            var text = DiskNames.Decode(name);
            Assert.Equal(name, DiskNames.Encode(text));
            if (shown.TryGetValue(text, out var earlier))
            {
                Assert.Equal(earlier, name);
            }

            shown[text] = name;
        }
    }

    [Theory]
    [InlineData("caf%E9.txt", false)]
    [InlineData("a%0Ab", false)]
    [InlineData("caf%25E9.txt", true)]
    [InlineData("plain.txt", true)]
    [InlineData("100% done", true)]
    public void Only_names_that_stand_for_utf8_text_are_writable(string name, bool writable)
    {
        Assert.Equal(writable, DiskNames.IsWritable(name));
    }
}
