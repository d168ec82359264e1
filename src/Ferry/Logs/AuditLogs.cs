using System.Reflection;
using Ferry.Configuration;

namespace Ferry.Logs;

/// <summary>Builds the audit log the settings ask for: W3C files, xferlog, both or neither.</summary>
public static class AuditLogs
{
    public static AuditLogWriter Start(LogSettings settings, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sinks = new List<IAuditSink>();
        if (settings.W3C)
        {
            sinks.Add(new W3CLogFile(settings.Directory, Software, time, settings.W3CFields));
        }

        if (settings.Xferlog)
        {
            sinks.Add(new XferlogFile(settings.XferlogPath));
        }

        return new AuditLogWriter(sinks, logger);
    }

    /// <summary>"Ferry 1.2.3" for the #Software header: the version without the commit that follows a '+'.</summary>
    public static string Software
    {
        get
        {
            var version = typeof(AuditLogs).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(AuditLogs).Assembly.GetName().Version?.ToString() ?? "0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return "Ferry " + (plus < 0 ? version : version[..plus]);
        }
    }
}
