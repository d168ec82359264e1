using Ferry.Configuration;
using Microsoft.Extensions.Logging.Console;

namespace Ferry.Logs;

/// <summary>
/// Console logging through the framework's own providers and the standard "Logging" section:
/// Logging:LogLevel (Default and per category), Logging:Console:FormatterName (simple, json,
/// systemd) and Logging:Console:FormatterOptions. Ferry's defaults sit underneath, so a file
/// changes only what it names.
/// </summary>
public static class ConsoleLogging
{
    /// <summary>ISO 8601 in UTC, to the millisecond: sorts as text and matches the W3C files' clock.</summary>
    private const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>The category of ASP.NET Core's per-request log lines (HostingApplicationDiagnostics).</summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <param name="journalStream">JOURNAL_STREAM from the environment: set when systemd connects stdout to the journal.</param>
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration, string? journalStream)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddConfiguration(Effective(configuration, journalStream));
        logging.AddConsole();
    }

    /// <summary>The Logging section as the providers read it: Ferry's defaults, then the configured section, then the Logging:Level shorthand.</summary>
    public static IConfiguration Effective(IConfiguration configuration, string? journalStream)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Logging");

        // Under systemd the journal stamps and ranks each line itself: the systemd formatter writes <6>-style priorities and no time.
        var formatter = section["Console:FormatterName"] is { Length: > 0 } named ? named
            : string.IsNullOrEmpty(journalStream) ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Systemd;
        var defaults = new Dictionary<string, string?>
        {
            ["LogLevel:Default"] = "Information",

            // Kestrel's and the host's chatter: only what needs attention.
            ["LogLevel:Microsoft"] = "Warning",

            // When start-up fails (a port taken) the host logs the exception with its whole stack trace as
            // an error; serve reports the same failure itself in one line naming the setting that moves the
            // port, and any other failure still reaches the command line's error handler. A background
            // service that stops the host is still logged, at Critical.
            ["LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",

            // ASP.NET Core's request logger. While it is enabled at any level (IsEnabled(Critical) is
            // the framework's test) every HTTP request gets an Activity (trace and span ids formatted
            // as hex, traceparent and baggage headers parsed) and a logging scope, only so that the
            // "Request starting/finished" lines at Information could carry them: about 1% of the
            // server's CPU per small WebDAV GET for lines nobody sees at Warning. Setting the category
            // (or a listener such as OpenTelemetry tracing) brings them back.
            ["LogLevel:" + RequestLogCategory] = "None",

            ["Console:FormatterName"] = formatter,
            ["Console:FormatterOptions:UseUtcTimestamp"] = "true",
        };
        if (string.Equals(formatter, ConsoleFormatterNames.Simple, StringComparison.OrdinalIgnoreCase))
        {
            defaults["Console:FormatterOptions:SingleLine"] = "true";
            defaults["Console:FormatterOptions:TimestampFormat"] = Timestamp + " ";
        }
        else if (string.Equals(formatter, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            defaults["Console:FormatterOptions:TimestampFormat"] = Timestamp;
        }

        var builder = new ConfigurationBuilder().AddInMemoryCollection(defaults).AddConfiguration(section);

        // Logging:Level (the --log-level flag) is Ferry's older shorthand for the default level; given, it wins, so that the flag overrides a file.
        if (section["Level"] is { Length: > 0 } level)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?> { ["LogLevel:Default"] = level });
        }

        var effective = builder.Build();
        Validate(effective);
        return effective;
    }

    /// <summary>
    /// The framework would stop at a bad level with a bare exception and fall back to the simple
    /// formatter for an unknown name without a word: both are refused here, naming the key.
    /// </summary>
    private static void Validate(IConfiguration effective)
    {
        foreach (var level in effective.GetSection("LogLevel").GetChildren())
        {
            if (!Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(level.Value, out _))
            {
                throw new ConfigurationException($"Logging:LogLevel:{level.Key} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}, not '{level.Value}'.");
            }
        }

        var formatter = effective["Console:FormatterName"];
        if (formatter is not null && !KnownFormatters.Contains(formatter, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"Logging:Console:FormatterName must be one of {string.Join(", ", KnownFormatters)}, not '{formatter}'.");
        }
    }

    private static readonly string[] KnownFormatters = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];
}
