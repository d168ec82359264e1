using Ferry.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ferry.Tests.Logs;

public sealed class LogSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void By_default_w3c_files_go_to_the_data_folder_and_xferlog_is_off()
    {
        var settings = LogSettings.Load(Config(), "/srv/ferry");
        Assert.Equal(new LogSettings("/srv/ferry/logs", W3C: true, Xferlog: false, "/srv/ferry/logs/xferlog"), settings);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var settings = LogSettings.Load(Config(
            ("Logs:Directory", "/var/log/ferry"),
            ("Logs:W3C:Enabled", "false"),
            ("Logs:Xferlog:Enabled", "true"),
            ("Logs:Xferlog:Path", "/var/log/xferlog")), "/srv/ferry");
        Assert.Equal(new LogSettings("/var/log/ferry", W3C: false, Xferlog: true, "/var/log/xferlog"), settings);
    }

    [Fact]
    public void The_xferlog_follows_the_log_folder_when_it_has_no_path_of_its_own() =>
        Assert.Equal("/var/log/ferry/xferlog", LogSettings.Load(Config(("Logs:Directory", "/var/log/ferry")), "/srv").XferlogPath);

    [Fact]
    public void A_switch_that_is_not_true_or_false_is_refused_with_its_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => LogSettings.Load(Config(("Logs:Xferlog:Enabled", "yes")), "/srv"));
        Assert.Equal("Logs:Xferlog:Enabled must be true or false, not 'yes'.", error.Message);
    }

    [Theory]
    [InlineData("date time c-ip cs-method")]
    [InlineData("date, time, c-ip, cs-method")]
    public void W3C_fields_may_be_one_string_as_iis_writes_them(string text)
    {
        var settings = LogSettings.Load(Config(("Logs:W3C:Fields", text)), "/srv/ferry");
        Assert.Equal("date time c-ip cs-method", settings.W3CFields.Header);
    }

    [Fact]
    public void W3C_fields_may_be_a_list()
    {
        var settings = LogSettings.Load(Config(("Logs:W3C:Fields:0", "c-ip"), ("Logs:W3C:Fields:1", "date")), "/srv/ferry");
        Assert.Equal("c-ip date", settings.W3CFields.Header);
    }

    [Fact]
    public void An_unknown_w3c_field_is_refused_with_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => LogSettings.Load(Config(("Logs:W3C:Fields", "date bogus")), "/srv/ferry"));
        Assert.Contains("Logs:W3C:Fields: unknown W3C field 'bogus'", error.Message, StringComparison.Ordinal);
    }
}
