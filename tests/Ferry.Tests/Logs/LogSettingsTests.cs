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
}
