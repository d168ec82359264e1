using Ferry.Configuration;
using Ferry.Logs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Ferry.Tests.Logs;

public sealed class ConsoleLoggingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void By_default_one_simple_line_per_event_in_utc_at_information()
    {
        var effective = ConsoleLogging.Effective(Config(), journalStream: null);
        Assert.Equal("simple", effective["Console:FormatterName"]);
        Assert.Equal("true", effective["Console:FormatterOptions:SingleLine"]);
        Assert.Equal("true", effective["Console:FormatterOptions:UseUtcTimestamp"]);
        Assert.Equal("Information", effective["LogLevel:Default"]);
        Assert.Equal("Warning", effective["LogLevel:Microsoft"]);
    }

    [Fact]
    public void Under_systemd_the_systemd_formatter_is_chosen()
    {
        var effective = ConsoleLogging.Effective(Config(), journalStream: "8:12345");
        Assert.Equal("systemd", effective["Console:FormatterName"]);
        Assert.Null(effective["Console:FormatterOptions:TimestampFormat"]);
    }

    [Fact]
    public void A_configured_formatter_wins_even_under_systemd()
    {
        var effective = ConsoleLogging.Effective(Config(("Logging:Console:FormatterName", "json")), journalStream: "8:12345");
        Assert.Equal("json", effective["Console:FormatterName"]);
        Assert.Equal("yyyy-MM-ddTHH:mm:ss.fffZ", effective["Console:FormatterOptions:TimestampFormat"]);
    }

    [Fact]
    public void Levels_per_category_come_from_the_standard_section()
    {
        var effective = ConsoleLogging.Effective(Config(
            ("Logging:LogLevel:Default", "Warning"),
            ("Logging:LogLevel:Ferry.Ftp", "Debug"),
            ("Logging:Console:FormatterOptions:SingleLine", "false")), journalStream: null);
        Assert.Equal("Warning", effective["LogLevel:Default"]);
        Assert.Equal("Debug", effective["LogLevel:Ferry.Ftp"]);
        Assert.Equal("false", effective["Console:FormatterOptions:SingleLine"]);
    }

    [Fact]
    public void The_log_level_shorthand_and_flag_set_the_default_level_over_the_file()
    {
        var effective = ConsoleLogging.Effective(Config(("Logging:LogLevel:Default", "Warning"), ("Logging:Level", "Debug")), journalStream: null);
        Assert.Equal("Debug", effective["LogLevel:Default"]);
    }

    [Fact]
    public void The_configured_providers_filter_by_category()
    {
        var config = Config(("Logging:LogLevel:Default", "Warning"), ("Logging:LogLevel:Ferry.Ftp", "Debug"));
        using var factory = LoggerFactory.Create(logging => ConsoleLogging.Configure(logging, config, journalStream: null));
        Assert.True(factory.CreateLogger("Ferry.Ftp.Session").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Ferry").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_per_request_logger_of_aspnetcore_is_off_by_default_so_requests_carry_no_activity()
    {
        // ASP.NET Core makes an Activity and a log scope per request whenever this logger is enabled at Critical.
        using var factory = LoggerFactory.Create(logging => ConsoleLogging.Configure(logging, Config(("Logging:Level", "Trace")), journalStream: null));
        Assert.False(factory.CreateLogger(ConsoleLogging.RequestLogCategory).IsEnabled(LogLevel.Critical));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void The_per_request_logger_can_be_turned_on_by_naming_its_category()
    {
        var config = Config(("Logging:LogLevel:" + ConsoleLogging.RequestLogCategory, "Information"));
        using var factory = LoggerFactory.Create(logging => ConsoleLogging.Configure(logging, config, journalStream: null));
        Assert.True(factory.CreateLogger(ConsoleLogging.RequestLogCategory).IsEnabled(LogLevel.Information));
    }

    [Theory]
    [InlineData("Logging:LogLevel:Default", "Verbose", "Logging:LogLevel:Default must be one of Trace, Debug, Information, Warning, Error, Critical, None, not 'Verbose'.")]
    [InlineData("Logging:LogLevel:Ferry.Ftp", "7", "Logging:LogLevel:Ferry.Ftp must be one of Trace, Debug, Information, Warning, Error, Critical, None, not '7'.")]
    [InlineData("Logging:Console:FormatterName", "jsonl", "Logging:Console:FormatterName must be one of simple, json, systemd, not 'jsonl'.")]
    public void A_bad_level_or_formatter_is_refused_naming_the_key(string key, string value, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConsoleLogging.Effective(Config((key, value)), journalStream: null));
        Assert.Equal(message, error.Message);
    }
}
