using System.Net;
using Ferry.Core.Audit;
using Ferry.Logs;

namespace Ferry.Tests.Logs;

public sealed class W3CFormatTests
{
    [Fact]
    public void A_line_has_every_field_in_the_order_of_the_fields_header()
    {
        var line = W3CFormat.Line(AuditEvents.Retr() with { Win32Status = 64, SubStatus = 3, BytesReceived = 12 }, W3CFields.Default);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        var fields = line.TrimEnd('\n').Split(' ');
        var names = W3CFields.Default.Header.Split(' ');
        Assert.Equal(names.Length, fields.Length);
        var byName = names.Zip(fields).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("2026-12-03", byName["date"]);
        Assert.Equal("12:34:56", byName["time"]);
        Assert.Equal("192.0.2.10", byName["c-ip"]);
        Assert.Equal("50123", byName["c-port"]);
        Assert.Equal("alice", byName["cs-username"]);
        Assert.Equal("192.0.2.1", byName["s-ip"]);
        Assert.Equal("21", byName["s-port"]);
        Assert.Equal("RETR", byName["cs-method"]);
        Assert.Equal("/reports/q3+final.pdf", byName["cs-uri-stem"]);
        Assert.Equal("226", byName["sc-status"]);
        Assert.Equal("64", byName["sc-win32-status"]);
        Assert.Equal("3", byName["sc-substatus"]);
        Assert.Equal("1048576", byName["sc-bytes"]);
        Assert.Equal("12", byName["cs-bytes"]);
        Assert.Equal("1534", byName["time-taken"]);
        Assert.Equal("17", byName["x-session"]);
        Assert.Equal("ftps", byName["x-protocol"]);
        Assert.Equal("-", byName["cs-host"]);
    }

    [Fact]
    public void A_virtual_sites_name_is_in_cs_host()
    {
        var fields = W3CFormat.Line(AuditEvents.Retr() with { Host = "ftp.example.com" }, W3CFields.Default).TrimEnd('\n').Split(' ');
        Assert.Equal("ftp.example.com", fields[Array.IndexOf(W3CFields.Default.Header.Split(' '), "cs-host")]);
    }

    [Fact]
    public void Times_are_written_in_utc()
    {
        var local = new DateTimeOffset(2026, 12, 3, 23, 30, 0, TimeSpan.FromHours(2));
        Assert.StartsWith("2026-12-03 21:30:00 ", W3CFormat.Line(AuditEvents.Retr(local), W3CFields.Default), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_fields_are_a_dash()
    {
        var logon = AuditEvents.Retr() with { User = null, Path = null, Method = "PASS", Status = 530, BytesSent = 0 };
        var fields = W3CFormat.Line(logon, W3CFields.Default).TrimEnd('\n').Split(' ');
        Assert.Equal("-", fields[4]);
        Assert.Equal("-", fields[8]);
        Assert.Equal("530", fields[9]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("two words", "two+words")]
    [InlineData("tab\there", "tab?here")]
    [InlineData("new\r\nline", "new??line")]
    [InlineData("esc\u001b[2J", "esc?[2J")]
    [InlineData("", "-")]
    [InlineData(null, "-")]
    public void Fields_are_escaped_as_iis_does_and_cannot_break_a_line(string? value, string expected) =>
        Assert.Equal(expected, W3CFormat.Field(value));

    [Fact]
    public void A_name_with_a_newline_stays_on_one_line()
    {
        var line = W3CFormat.Line(AuditEvents.Retr() with { Path = "/a\nb", User = "x y" }, W3CFields.Default);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
        Assert.Contains(" x+y ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_clients_are_written_without_brackets()
    {
        var line = W3CFormat.Line(AuditEvents.Retr() with { Client = new IPEndPoint(IPAddress.IPv6Loopback, 5) }, W3CFields.Default);
        Assert.Contains(" ::1 5 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_names_the_software_version_date_and_fields()
    {
        var header = W3CFormat.Header("Ferry 1.2.3", AuditEvents.Noon, W3CFields.Default);
        Assert.Equal(
            "#Software: Ferry 1.2.3\n#Version: 1.0\n#Date: 2026-12-03 12:34:56\n#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus sc-bytes cs-bytes time-taken x-session x-protocol cs-host\n",
            header);
    }

    [Fact]
    public void The_file_is_named_by_the_utc_day_as_iis_names_it() =>
        Assert.Equal("u_ex261203.log", W3CFormat.FileName(new DateTimeOffset(2026, 12, 4, 0, 30, 0, TimeSpan.FromHours(1))));

    [Fact]
    public void A_failed_operation_is_not_succeeded()
    {
        Assert.False((AuditEvents.Retr() with { Status = 426 }).Succeeded);
        Assert.False((AuditEvents.Retr() with { Status = 0 }).Succeeded);
        Assert.True((AuditEvents.Retr() with { Status = 350 }).Succeeded);
        Assert.Equal(AuditTransfer.Download, AuditEvents.Retr().Transfer);
    }

    [Fact]
    public void Chosen_fields_are_written_in_the_order_given_and_named_in_the_header()
    {
        var fields = W3CFields.Parse(["time", "C-IP", "sc-status", "s-sitename"], "Logs:W3C:Fields");
        Assert.Equal("time c-ip sc-status s-sitename", fields.Header);
        Assert.Equal("12:34:56 192.0.2.10 226 ftp.example.com\n", W3CFormat.Line(AuditEvents.Retr() with { Host = "ftp.example.com" }, fields));
        Assert.EndsWith("#Fields: time c-ip sc-status s-sitename\n", W3CFormat.Header("Ferry 1", AuditEvents.Noon, fields), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_fields_leave_out_the_two_iis_only_extras()
    {
        Assert.DoesNotContain("s-sitename", W3CFields.Default.Header, StringComparison.Ordinal);
        Assert.Contains("s-computername", W3CFields.KnownNames);
    }

    [Theory]
    [InlineData("x-fullpath", "unknown W3C field 'x-fullpath'")]
    [InlineData("date,date", "named twice")]
    public void A_field_list_with_an_unknown_or_repeated_name_is_refused_naming_the_known_ones(string names, string expected)
    {
        var error = Assert.Throws<Ferry.Configuration.ConfigurationException>(() => W3CFields.Parse(names.Split(','), "Logs:W3C:Fields"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Logs:W3C:Fields", error.Message, StringComparison.Ordinal);
    }
}
