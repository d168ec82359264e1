using Ferry.Configuration;

namespace Ferry.Tests;

/// <summary>A section read with the framework's binder: keys from its options type, unknown keys and bad values collected.</summary>
public sealed class BoundKeysTests
{
    private sealed record SampleOptions
    {
        public int Port { get; init; } = 9090;

        public string[] Listen { get; init; } = [];

        public Dictionary<string, string> Labels { get; init; } = [];

        public SampleInner Inner { get; init; } = new();
    }

    private sealed record SampleInner
    {
        public bool Enabled { get; init; }
    }

    private static readonly ConfigKey Schema = ConfigKey.Section(("Sample", BoundKeys.Of<SampleOptions>()));

    [Fact]
    public void Keys_come_from_the_options_type_with_its_defaults()
    {
        var section = Assert.IsType<SectionKey>(Assert.IsType<SectionKey>(Schema).Keys["Sample"]);

        Assert.Equal(["Inner", "Labels", "Listen", "Port"], section.Keys.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ValueKey("9090", Secret: false), section.Keys["Port"]);
        Assert.IsType<ListKey>(section.Keys["Listen"]);
        Assert.IsType<MapKey>(section.Keys["Labels"]);
    }

    [Fact]
    public void Unknown_keys_of_a_bound_section_are_found_with_a_suggestion()
    {
        var config = Configs.From(("Sample:Prot", "1"), ("Sample:Inner:Enabld", "true"), ("Sample:Labels:any-name", "x"), ("Sample:Listen:0", "::1"));

        Assert.Equal(
            ["unknown key 'Sample:Inner:Enabld'; did you mean 'Sample:Inner:Enabled'?", "unknown key 'Sample:Prot'; did you mean 'Sample:Port'?"],
            UnknownKeys.In(config, Schema).Select(p => p.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bind_reads_a_good_section_and_records_a_bad_value()
    {
        var problems = new ConfigurationProblems();

        var good = problems.Bind(Configs.From(("Sample:Port", "7000"), ("Sample:Listen:0", "::1")).GetSection("Sample"), new SampleOptions());
        var bad = problems.Bind(Configs.From(("Sample:Port", "many")).GetSection("Sample"), new SampleOptions());

        Assert.Equal(7000, good.Port);
        Assert.Equal(["::1"], good.Listen);
        Assert.Equal(9090, bad.Port);
        var problem = Assert.Single(problems.All);
        Assert.Equal("Sample", problem.Key);
        Assert.Contains("Sample:Port", problem.Message, StringComparison.Ordinal);
    }
}
