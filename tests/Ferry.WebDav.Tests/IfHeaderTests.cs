using Ferry.WebDav.Locking;

namespace Ferry.WebDav.Tests;

public sealed class IfHeaderTests
{
    private const string Token = "opaquelocktoken:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";

    /// <summary>Headers as clients send them: litmus (Julian Reschke's conditional PUTs), neon's tagged lists, RFC 4918's examples.</summary>
    public static TheoryData<string> ValidHeaders => new()
    {
        $"(<{Token}>)",
        $"(<{Token}> [\"abc-123\"])",
        "(<DAV:no-lock> [\"abc\"])",
        $"(<{Token}>) (Not <DAV:no-lock>)",
        $"(<{Token}x>) (Not <DAV:no-lock>)",
        $"(<{Token}> [\"e1\"]) (Not <DAV:no-lock> [\"e1\"])",
        $"<http://127.0.0.1:8080/litmus/lockcoll/> (<{Token}>)",
        $"</resource1> (<{Token}> [W/\"A weak tag\"]) ([\"strong tag\"]) </resource2> ([\"another strong tag\"])",
        "(Not <urn:uuid:181d4fae-7d8c-11d0-a765-00a0c91e6bf2> <urn:uuid:58f202ac-22cf-11d1-b12d-002035b29092>)",
        "  (\t<DAV:no-lock>\t)  ",
        "([\"quoted \\\" pair\"])",
        "(not<DAV:no-lock>)",
    };

    [Fact]
    public void An_untagged_list_with_a_lock_token_parses_to_one_condition()
    {
        Assert.True(IfHeader.TryParse($"(<{Token}>)", out var header));
        var list = Assert.Single(header.Lists);
        Assert.Null(list.ResourceTag);
        Assert.Equal(new IfCondition(false, Token, null), Assert.Single(list.Conditions));
    }

    [Fact]
    public void Untagged_lists_keep_their_conditions_in_order_with_Not_and_entity_tags()
    {
        Assert.True(IfHeader.TryParse($"(<{Token}> [\"e1\"]) (Not <DAV:no-lock> [W/\"e2\"])", out var header));
        Assert.Equal(2, header.Lists.Count);
        Assert.Equal([new IfCondition(false, Token, null), new IfCondition(false, null, "\"e1\"")], header.Lists[0].Conditions);
        Assert.Equal([new IfCondition(true, "DAV:no-lock", null), new IfCondition(false, null, "W/\"e2\"")], header.Lists[1].Conditions);
    }

    [Fact]
    public void Tagged_lists_belong_to_the_resource_before_them()
    {
        Assert.True(IfHeader.TryParse($"</a> (<{Token}>) ([\"x\"]) <http://host/b%20c> (Not <DAV:no-lock>)", out var header));
        Assert.Equal(["/a", "/a", "http://host/b%20c"], header.Lists.Select(list => list.ResourceTag));
        Assert.True(header.Lists[2].Conditions[0].Not);
    }

    [Fact]
    public void Not_is_read_in_any_case_and_with_or_without_a_space()
    {
        Assert.True(IfHeader.TryParse("(not<DAV:no-lock>) (NOT [\"e\"])", out var header));
        Assert.All(header.Lists, list => Assert.True(list.Conditions[0].Not));
    }

    [Fact]
    public void An_entity_tag_keeps_its_quotes_and_escapes_verbatim()
    {
        Assert.True(IfHeader.TryParse("([\"a\\\"b\"])", out var header));
        Assert.Equal("\"a\\\"b\"", header.Lists[0].Conditions[0].ETag);
    }

    [Fact]
    public void Submitted_tokens_are_those_of_every_list_except_negated_ones()
    {
        Assert.True(IfHeader.TryParse($"</y> (<DAV:no-lock>) </x> (<{Token}>) (Not <urn:other>)", out var header));
        Assert.Equal(["DAV:no-lock", Token], header.SubmittedTokens().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("()")]
    [InlineData("(<>)")]
    [InlineData("(< DAV:no-lock>)")]
    [InlineData("(<no-scheme>)")]
    [InlineData("(<:no-scheme>)")]
    [InlineData("(<1abc:x>)")]
    [InlineData("(<DAV:no-lock>")]
    [InlineData("<DAV:no-lock>")]
    [InlineData("(DAV:no-lock)")]
    [InlineData("([abc])")]
    [InlineData("([\"abc\")")]
    [InlineData("([\"abc])")]
    [InlineData("([W\"abc\"])")]
    [InlineData("(Not)")]
    [InlineData("(Not Not <DAV:no-lock>)")]
    [InlineData("(Nope <DAV:no-lock>)")]
    [InlineData("(<DAV:no-lock>) x")]
    [InlineData("(<DAV:no-lock>) </a> (<DAV:no-lock>)")]
    [InlineData("</a> (<DAV:no-lock>) (<DAV:no-lock>) x")]
    [InlineData("</a>")]
    [InlineData("</a> </b> (<DAV:no-lock>)")]
    [InlineData("<relative/path> (<DAV:no-lock>)")]
    [InlineData("(<DAV:no<lock>)")]
    [InlineData("(<DAV:no\u0001lock>)")]
    [InlineData("([\"a\u0001\"])")]
    [InlineData("([\"a\\")]
    [InlineData("(<DAV:no-lock>))")]
    [InlineData("((<DAV:no-lock>))")]
    public void Anything_outside_the_grammar_fails(string text)
    {
        Assert.False(IfHeader.TryParse(text, out var header));
        Assert.Null(header);
    }

    [Fact]
    public void Null_fails()
    {
        Assert.False(IfHeader.TryParse(null, out _));
    }

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void A_valid_header_parses(string text)
    {
        Assert.True(IfHeader.TryParse(text, out var header));
        Assert.NotEmpty(header.Lists);
        Assert.All(header.Lists, list => Assert.NotEmpty(list.Conditions));
    }

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void Fed_one_character_at_a_time_every_prefix_parses_or_fails_cleanly(string text)
    {
        for (var length = 0; length < text.Length; length++)
        {
            var prefix = text[..length];
            if (IfHeader.TryParse(prefix, out var partial))
            {
                // A prefix that parses ends where a list ends: it is the header cut after a ")".
                Assert.EndsWith(")", prefix.TrimEnd(' ', '\t'));
                Assert.NotEmpty(partial.Lists);
            }
        }

        Assert.True(IfHeader.TryParse(text, out _));
    }

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void Every_one_character_change_parses_or_fails_cleanly(string text)
    {
        const string alphabet = "<>()[]\"W/Not: \t\\a\u0000\u00e9";
        for (var at = 0; at < text.Length; at++)
        {
            // Dropped, or replaced by each character that means something to the grammar.
            _ = IfHeader.TryParse(text.Remove(at, 1), out _);
            foreach (var c in alphabet)
            {
                _ = IfHeader.TryParse(text.Remove(at, 1).Insert(at, c.ToString()), out _);
            }
        }
    }

    [Fact]
    public void Random_strings_of_grammar_characters_never_throw()
    {
        const string alphabet = "<>()[]\"W/Not: \\aD-";
        var random = new Random(4918);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            if (IfHeader.TryParse(new string(chars), out var header))
            {
                Assert.NotEmpty(header.Lists);
            }
        }
    }
}
