using System.Diagnostics.Metrics;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;
using Ferry.Ftp.Data;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ferry.Admin;

/// <summary>
/// Wires the admin endpoint into the one Kestrel host: its own listeners, its own branch of the
/// request pipeline (selected by local port, so the admin port never serves WebDAV and the WebDAV
/// ports never serve the admin API), and the Prometheus exporter.
/// </summary>
/// <remarks>
/// Metrics go out through OpenTelemetry's Prometheus exporter rather than prometheus-net: the
/// latter's MeterAdapter publishes .NET counters as Prometheus gauges, prefixes every name with the
/// meter's and drops a series that has not moved for five minutes, all of which break rate() and
/// alerts on rare events (bans, failed transfers). The OpenTelemetry exporter keeps counters as
/// counters (with the _total suffix), histograms with their buckets, and follows the OpenTelemetry
/// to Prometheus naming rules.
/// </remarks>
public static class AdminHost
{
    public static void AddServices(IServiceCollection services, AdminSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ferry"))
            .WithMetrics(metrics => metrics
            .AddMeter(FerryMetrics.MeterName)
            .AddPrometheusExporter(options =>
            {
                // Every scrape sees the values of that moment; Prometheus scrapes every few seconds at most.
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
    }

    public static void Listen(KestrelServerOptions kestrel, AdminSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return;
        }

        // Plain HTTP/1.1: curl and Prometheus need nothing more.
        static void Http1(ListenOptions listen) => listen.Protocols = HttpProtocols.Http1;
        if (settings.Listen.Count == 0)
        {
            // 127.0.0.1 and ::1; a machine without IPv6 gets the first alone instead of a failed start.
            kestrel.ListenLocalhost(settings.Port, Http1);
            return;
        }

        foreach (var address in settings.Listen)
        {
            kestrel.Listen(address, settings.Port, Http1);
        }
    }

    /// <summary>Must come before the WebDAV handler: the branch ends every admin request.</summary>
    public static void Map(IApplicationBuilder app, AdminSettings settings, AdminApi api)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(api);
        if (!settings.Enabled)
        {
            return;
        }

        app.MapWhen(http => http.Connection.LocalPort == settings.Port, admin =>
        {
            admin.Use(api.RequireToken);
            admin.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: http => http.Request.Path == "/metrics", path: null, configureBranchedPipeline: null, optionsName: null);
            admin.Run(api.HandleAsync);
        });
    }

    /// <summary>The gauges, read at each scrape: sessions per protocol, bans, passive ports held.</summary>
    public static void ObserveGauges(FerryMetrics metrics, SessionRegistry sessions, FailureTracker bans, DataConnectionRegistry data, IReadOnlyList<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(bans);
        ArgumentNullException.ThrowIfNull(data);
        metrics.Observe("ferry.sessions", "Open sessions (control connections and WebDAV keep-alive connections) by protocol.", () =>
        {
            var counts = sessions.CountByProtocol();

            // Every protocol reports, 0 included, so that a dashboard shows 0 rather than no data.
            return protocols.Select(protocol => new Measurement<long>(counts.GetValueOrDefault(protocol), new KeyValuePair<string, object?>("protocol", protocol)));
        });
        metrics.Observe("ferry.bans", "Client addresses banned now for failed logons.", () => [new Measurement<long>(bans.CurrentBans().Count)]);
        metrics.Observe("ferry.passive_ports_in_use", "FTP passive ports held by sessions: waiting for a data connection, or kept between transfers.", () => [new Measurement<long>(data.PassiveListeners)]);
    }
}
