using System.Net.Security;
using Ferry.Accounts.Sql;
using Ferry.Admin;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Core.Net;
using Ferry.Ftp;
using Ferry.Ftp.Commands;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Ferry.Ftp.Tls;
using Ferry.Logs;
using Ferry.Storage.Local;
using Ferry.WebDav;
using Ferry.WebDav.Auth;
using Ferry.WebDav.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Ferry.Serving;

/// <summary>`ferry serve`: wires configuration, accounts, storage and the FTP engine into Kestrel.</summary>
public static class ServeCommand
{
    /// <summary>
    /// The listen backlog. Kestrel's default (512) is exceeded by a burst of thousands of clients
    /// connecting at once (vsftpd's fixed 32 makes such clients hang); the kernel caps it at somaxconn.
    /// </summary>
    private const int ListenBacklog = 4096;

    /// <param name="loadConfiguration">Reads the configuration (file, FERRY__ variables, flags); again on a reload.</param>
    /// <param name="configurationFile">The file that reload watches: --config, or ./ferry.json.</param>
    /// <param name="userFlags">--user NAME:PASSWORD values, accounts for this run only.</param>
    public static async Task<int> RunAsync(Func<IConfigurationRoot> loadConfiguration, string configurationFile, IReadOnlyList<string> userFlags)
    {
        var configuration = loadConfiguration();
        // Everything is checked (values, unknown keys, paths, TLS files) before anything is created.
        var settings = ConfigurationCheck.Load(configuration);
        var admin = settings.Admin;

        // Before the first socket of the process (the account database's included): .NET reads it once.
        Environment.SetEnvironmentVariable(SocketThreads.InlineCompletionsVariable, settings.RunOnSocketThreads ? "1" : "0");
        if (settings.RunOnSocketThreads)
        {
            var socketThreads = settings.SocketThreadCount > 0 ? settings.SocketThreadCount : SocketThreads.DefaultThreadCount(Environment.ProcessorCount);
            Environment.SetEnvironmentVariable(SocketThreads.ThreadCountVariable, $"{socketThreads}");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddConfiguration(configuration);

        // Each is a no-op unless Ferry runs under that service manager: systemd is told READY=1 once
        // every port listens (Type=notify) and logs use the journal's format; Windows starts and stops the service.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        var journal = Environment.GetEnvironmentVariable("JOURNAL_STREAM");
        ConsoleLogging.Configure(builder.Logging, configuration, journal);
        using var startupLoggerFactory = LoggerFactory.Create(l => ConsoleLogging.Configure(l, configuration, journal));
        var startupLogger = startupLoggerFactory.CreateLogger("Ferry");
        await using var auditLog = AuditLogs.Start(LogSettings.Load(configuration, settings.DataDirectory), startupLoggerFactory.CreateLogger("Ferry.Logs"), TimeProvider.System);

        var hasher = new Pbkdf2PasswordHasher(settings.Hashing);
        var userFlagAccounts = AccountStores.FromUserFlags(userFlags, hasher);

        // The certificate before the folders and the first account: a key file that does not load
        // must leave nothing behind. (A self-signed one is made here, once the rest is known good.)
        var ftpOptions = settings.Ftp with { Tls = LoadTls(settings, startupLogger) };
        var siteCertificates = SiteHosting.LoadCertificates(settings, ftpOptions.Tls, startupLogger);
        Directory.CreateDirectory(settings.Root);
        var embedded = await AccountStores.OpenEmbeddedAsync(settings);
        if (userFlagAccounts.Count == 0 && settings.Accounts.Count == 0)
        {
            await FirstAccount.EnsureAsync(embedded, hasher, settings, startupLogger);
        }

        var fileAccounts = new InMemoryAccountStore(settings.Accounts);
        var accounts = new CompositeAccountStore(
            [new InMemoryAccountStore(userFlagAccounts), fileAccounts, embedded], writable: embedded);
        using var storage = new StorageProvider(settings.Root, settings.Storage, settings.Mounts, LockPlaces.Of(settings));
        RemoveStaleUploads(settings, startupLogger);
        MountedFolders.Prepare(settings, await embedded.ListAsync(CancellationToken.None), startupLogger);
        WarnAboutPassiveRange(settings, startupLogger);

        using var metrics = new FerryMetrics();
        var access = SharedAccess.Create(settings, accounts, hasher, storage.For, storage.LockSiteOf, TimeProvider.System, metrics);
        // Virtual FTP sites (RFC 7151 HOST): their own roots, accounts and certificates, the server's bans and limits.
        using var sites = SiteHosting.Create(settings, access, accounts, siteCertificates, startupLogger);
        AdminHost.AddServices(builder.Services, admin);
        access.Register(builder.Services);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new FtpSessions());
        builder.Services.AddSingleton(new DataConnectionRegistry());
        builder.Services.AddSingleton(ftpOptions);
        builder.Services.AddSingleton<IDataChannelFactory, SocketDataChannelFactory>();
        builder.Services.AddSingleton(sp => new FtpServerContext(
            ftpOptions,
            access.Access,
            access.Locks,
            sp.GetRequiredService<IDataChannelFactory>(),
            sp.GetRequiredService<FtpSessions>(),
            sp.GetRequiredService<ILoggerFactory>(),
            TimeProvider.System)
        { StorageCapabilities = storage.Capabilities, Audit = auditLog, Sites = sites.Sites });
        // Properties clients set over WebDAV live in the embedded database beside the accounts, so they survive restarts.
        using var properties = new SqlitePropertyStore(Path.Combine(settings.DataDirectory, AccountStores.DatabaseName));
        await properties.EnsureCreatedAsync();
        var webDav = new WebDavServer(new DavServices(
            settings.WebDav.Options, access.Access, access.Locks, properties, startupLoggerFactory, TimeProvider.System)
        { Audit = auditLog, Sites = name => sites.Sites.Find(name)?.Access });
        builder.Services.AddHostedService<SessionMonitor>();
        builder.Services.AddHostedService(sp =>
        {
            var reloadLogger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Reload");
            return new ConfigurationReload(
                loadConfiguration, configuration, new FileAccountChanges(fileAccounts, access.Access, sites.Inheriting),
                ftpOptions.Tls.ReloadableCertificate is { } slot ? new CertificateReload(slot, reloadLogger, TimeProvider.System) : null,
                access.ReconfigureAsync,
                Path.GetFullPath(configurationFile), reloadLogger, TimeProvider.System,
                ftpOptions.Tls.ReloadableCertificate is null ? [] : [.. new[] { settings.Tls.CertificateFile, settings.Tls.KeyFile }.OfType<string>()]);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, TransferBlockPool.Factory>();
        builder.WebHost.UseSockets(o =>
        {
            o.Backlog = ListenBacklog;

            // With inline completions: Kestrel runs the connection's code where the socket completed,
            // with no hand-over to the pool between the bytes and the command or request.
            o.UnsafePreferInlineScheduling = settings.RunOnSocketThreads;
            o.CreateBoundListenSocket = endPoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
                // Keep TCP urgent data in the stream: Linux would otherwise pull the urgent byte of
                // a client's ABOR (Telnet IP + Synch) out of band and the command would arrive mangled.
                // Accepted sockets inherit the option.
                socket.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.OutOfBandInline, true);
                return socket;
            };
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Every FTP endpoint counts its connections in the one registry; the 421 is FTP's words.
            var ftpLimits = new SessionLimitMiddleware(access.Sessions, FtpSession.ProtocolName, refusal => FtpRefusalLine(refusal, ftpOptions.MaxClientsMessage),
                kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<SessionLimitMiddleware>());

            // The server's address rules before the banner and before a slot is taken; WebDAV answers 403 per request instead.
            var (deniedCode, deniedText) = AccessReplies.ForAddressDenied();
            var ftpAddresses = new AddressFilterMiddleware(access.Access, FtpSession.ProtocolName, $"{deniedCode} {deniedText}\r\n",
                kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<AddressFilterMiddleware>());
            void Ftp(ListenOptions listen)
            {
                listen.Use(ftpAddresses.Wrap);
                listen.Use(ftpLimits.Wrap);
                listen.UseConnectionHandler<FtpConnectionHandler>();
            }

            // Before UseHttps: the handshakes of the implicit FTPS port and of WebDAV over HTTPS.
            var handshakeAcknowledgements = new HandshakeAcknowledgementMiddleware();
            void ImplicitFtps(ListenOptions listen)
            {
                // Not HTTP: Kestrel must not offer h2/http1.1. ALPN is ServerAuthentication's: "ftp" or
                // none, anything else refused with alert 120 (ALPACA); Kestrel keeps a list the callback sets.
                listen.Protocols = HttpProtocols.None;
                listen.Use(handshakeAcknowledgements.Wrap);
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    // The TLS server name (SNI) chooses a virtual site's certificate; any other name gets the server's.
                    OnConnection = context => ValueTask.FromResult((sites.Sites.Find(context.ClientHelloInfo.ServerName)?.Tls ?? ftpOptions.Tls).ServerAuthentication()),
                    HandshakeTimeout = ftpOptions.Tls.HandshakeTimeout,
                });

                // After the handshake, so that a refused client reads its 421 over TLS as it expects.
                listen.Use(ftpAddresses.Wrap);
                listen.Use(ftpLimits.Wrap);
                listen.UseConnectionHandler<FtpConnectionHandler>();
            }

            // WebDAV sessions are keep-alive connections, counted in the same registry as FTP's.
            var webDavLimits = new SessionLimitMiddleware(access.Sessions, DavLogon.ProtocolName, HttpRefusal,
                kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<SessionLimitMiddleware>());
            // Plain HTTP only: GET's files go out through the kernel (sendfile); TLS must encrypt them in the process.
            var kernelSend = new KernelSendMiddleware();
            void WebDav(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(webDavLimits.Wrap);
                listen.Use(kernelSend.Wrap);
            }

            void WebDavs(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(handshakeAcknowledgements.Wrap);
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = (sites.Sites.Find(context.ClientHelloInfo.ServerName)?.Tls ?? ftpOptions.Tls).CurrentCertificate,
                        EnabledSslProtocols = ftpOptions.Tls.Protocols,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                    }),
                    HandshakeTimeout = ftpOptions.Tls.HandshakeTimeout,
                });
                listen.Use(webDavLimits.Wrap);
            }

            // PUT streams files of any size; the 30 MB default would refuse them. FTP is not HTTP and is unaffected.
            kestrel.Limits.MaxRequestBodySize = null;

            // An idle keep-alive connection holds a session slot and memory until this runs out (WebDav:KeepAliveSeconds);
            // Kestrel applies it to every HTTP connection, the admin endpoint's too. FTP's idle time is its own.
            kestrel.Limits.KeepAliveTimeout = settings.WebDav.KeepAlive;

            // Naming the server software helps only those who look for its weaknesses.
            kestrel.AddServerHeader = false;
            var implicitPort = ftpOptions.Tls.Enabled ? settings.Tls.ImplicitPort : 0;
            var webDavsPort = ftpOptions.Tls.Enabled ? settings.WebDav.HttpsPort : 0;
            var endpoints = new List<(int Port, Action<ListenOptions> Configure)> { (settings.FtpPort, Ftp) };
            if (implicitPort != 0)
            {
                endpoints.Add((implicitPort, ImplicitFtps));
            }

            if (settings.WebDav.HttpPort != 0)
            {
                endpoints.Add((settings.WebDav.HttpPort, WebDav));
            }

            if (webDavsPort != 0)
            {
                endpoints.Add((webDavsPort, WebDavs));
            }

            AdminHost.Listen(kestrel, admin);
            foreach (var (port, configure) in endpoints)
            {
                if (settings.ListenAddresses.Count == 0)
                {
                    // One dual-stack socket: IPv4 clients arrive as ::ffff:a.b.c.d and are normalised.
                    kestrel.ListenAnyIP(port, configure);
                }
                else
                {
                    foreach (var address in settings.ListenAddresses)
                    {
                        kestrel.Listen(address, port, configure);
                    }
                }
            }
        });

        var app = builder.Build();
        var dataConnections = app.Services.GetRequiredService<DataConnectionRegistry>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry");
        var readiness = new Readiness(settings.Root);
        AdminHost.ObserveGauges(metrics, access.Sessions, access.Bans, dataConnections, [FtpSession.ProtocolName, DavLogon.ProtocolName]);
        if (admin.Enabled)
        {
            AdminHost.Map(app, admin, new AdminApi(access.Sessions, access.Bans, AdminToken.EnsureCreated(settings.DataDirectory), readiness.IsReady, logger));
        }

        app.Run(webDav.HandleAsync);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            readiness.Started();
            if (admin.Enabled)
            {
                logger.LogInformation("Admin endpoint: http://{Address}:{Port}/ (sessions, bans, /metrics, /healthz, /readyz); token in {TokenFile}",
                    UrlHost.Of(admin.ClientAddress), admin.Port, AdminToken.PathIn(settings.DataDirectory));
            }

            var where = settings.ListenAddresses.Count == 0 ? "all addresses" : string.Join(", ", settings.ListenAddresses);
            logger.LogInformation("Ferry is serving {Root} over FTP on port {Port} ({Where}); passive ports {Low}-{High}; data in {Data}",
                settings.Root, settings.FtpPort, where, settings.Ftp.PassivePortLow, settings.Ftp.PassivePortHigh, settings.DataDirectory);
            if (ftpOptions.Tls.Enabled)
            {
                logger.LogInformation("FTPS: {Mode} (AUTH TLS on port {Port}){Implicit}", ftpOptions.Tls.Mode, settings.FtpPort,
                    settings.Tls.ImplicitPort == 0 ? "" : $"; implicit TLS on port {settings.Tls.ImplicitPort}");
            }

            LogWebDav(logger, settings, ftpOptions.Tls.Enabled);
        });
        app.Lifetime.ApplicationStopping.Register(() => logger.LogInformation("Ferry is shutting down: no new connections; running transfers get {Seconds} s", settings.ShutdownGrace.TotalSeconds));

        try
        {
            await app.RunAsync();
        }
        catch (Exception ex) when (ex is IOException or AddressInUseException)
        {
            (string Name, int Port, string Setting)[] ports =
            [
                ("implicit FTPS", settings.Tls.ImplicitPort, "--implicit-port (Tls:ImplicitPort; 0 turns it off)"),
                ("WebDAV HTTP", settings.WebDav.HttpPort, "--webdav-port (WebDav:HttpPort; 0 turns it off)"),
                ("WebDAV HTTPS", settings.WebDav.HttpsPort, "--webdavs-port (WebDav:HttpsPort; 0 turns it off)"),
                ("admin", admin.Port, "Admin:Port (FERRY__ADMIN__PORT; 0 turns it off)"),
            ];
            var (name, port, setting) = ports.FirstOrDefault(p => p.Port != 0 && ex.Message.Contains($":{p.Port}", StringComparison.Ordinal), (Name: "FTP", Port: settings.FtpPort, Setting: "--ftp-port (Ftp:Port)"));
            logger.LogCritical("Cannot listen on {Name} port {Port}: {Reason}. {Hint}", name, port, ex.Message.TrimEnd('.'), PortHint(port, setting));
            return 1;
        }
        finally
        {
            // The host has disposed its services by now; anything a session left open closes here.
            await dataConnections.CloseAllAsync();
        }

        return 0;
    }

    private static void LogWebDav(ILogger logger, FerrySettings settings, bool tls)
    {
        var host = settings.ListenAddresses.Count == 1 ? UrlHost.Of(settings.ListenAddresses[0]) : Environment.MachineName.ToLowerInvariant();
        var prefix = settings.WebDav.Options.Prefix;
        var https = tls && settings.WebDav.HttpsPort != 0;
        if (https)
        {
            logger.LogInformation("WebDAV over HTTPS: https://{Host}:{Port}{Prefix} (same certificate as FTPS)", host, settings.WebDav.HttpsPort, prefix);
        }

        if (settings.WebDav.HttpPort != 0)
        {
            logger.LogInformation("WebDAV over HTTP: http://{Host}:{Port}{Prefix} (passwords accepted {Who})", host, settings.WebDav.HttpPort, prefix,
                settings.WebDav.Options.PlainHttpLogon switch
                {
                    WebDav.PlainHttpLogon.Allowed => "from anyone: WebDav:PlainHttpLogon is Allowed",
                    // With HTTPS off there is nowhere to send the others: say so rather than promise a URL that does not answer.
                    WebDav.PlainHttpLogon.LoopbackOnly when https => "only from this machine; others are sent to HTTPS",
                    WebDav.PlainHttpLogon.LoopbackOnly => "only from this machine; WebDAV over HTTPS is off, so others cannot sign in",
                    _ when https => "from no one: use HTTPS",
                    _ => "from no one, and WebDAV over HTTPS is off: nobody can sign in",
                });
        }
    }

    /// <summary>What a refused HTTP connection reads before it closes: a whole response, so browsers and clients show why.</summary>
    private static string HttpRefusal(SessionRefusal refusal)
    {
        var text = refusal.Limit switch
        {
            SessionLimit.PerAddress => $"Too many connections from your address (at most {refusal.Allowed}); try again later.\n",
            _ => $"The server has as many connections as it allows ({refusal.Allowed}); try again later.\n",
        };
        return $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(text)}\r\nConnection: close\r\nRetry-After: 10\r\n\r\n{text}";
    }

    private static string FtpRefusalLine(SessionRefusal refusal, string? maxClientsMessage)
    {
        var (code, text) = AccessReplies.ForConnection(refusal, maxClientsMessage);
        return ReplyWriter.ToText(code, text);
    }

    /// <summary>The certificate and FTPS options, or <see cref="FtpTlsOptions.Disabled"/>; logs where the certificate came from and its fingerprint.</summary>
    private static FtpTlsOptions LoadTls(FerrySettings settings, ILogger logger)
    {
        if (!settings.Tls.Enabled)
        {
            return FtpTlsOptions.Disabled;
        }

        var loaded = ServerCertificate.Load(settings.Tls, settings.DataDirectory, TimeProvider.System);
        // Users of a self-signed certificate compare this with what their client shows (or pin it).
        logger.LogInformation("TLS {Source}: {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 fingerprint {Fingerprint} (SHA-1 {Sha1Fingerprint}, as lftp, FileZilla and WinSCP show it)",
            loaded.Source, loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime(), loaded.Fingerprint, loaded.Sha1Fingerprint);
        var certificate = SslStreamCertificateContext.Create(loaded.Certificate, loaded.Chain, offline: true);
        return new FtpTlsOptions
        {
            Mode = settings.Tls.Mode,
            Certificate = certificate,
            ReloadableCertificate = new CertificateSlot(certificate),
            Protocols = settings.Tls.Protocols,
            AllowPlainAnonymous = settings.Tls.AllowPlainAnonymous,
            AllowUploadWithoutCloseNotify = settings.Tls.AllowUploadWithoutCloseNotify,
        };
    }

    /// <summary>What to do about a port that could not be bound, naming the one setting that moves it.</summary>
    private static string PortHint(int port, string setting) => port < 1024
        ? $"Ports below 1024 need root or CAP_NET_BIND_SERVICE (see docs/operations.md), or choose another with {setting}."
        : $"Another program (or another Ferry) may be using it; choose another with {setting}.";

    private static void RemoveStaleUploads(FerrySettings settings, ILogger logger)
    {
        using var root = LocalStorages.Open(settings.Root, settings.Storage);
        // Operators should know whether the kernel enforces the jail or path checks stand in for it.
        logger.LogInformation(root.KernelJail
            ? "Account folders are jailed by the kernel (openat2 RESOLVE_IN_ROOT)"
            : root.Jail == LocalJail.Portable
                ? "Account folders are jailed by the portable storage (Storage:Jail Portable): the final path of every opened file is checked"
                : "Account folders are jailed by path checks: this kernel lacks openat2 (Linux 5.6+)");
        var removed = root.RemoveStaleTemporaryFiles();
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} temporary file(s) left by interrupted uploads", removed);
        }
    }

    private static void WarnAboutPassiveRange(FerrySettings settings, ILogger logger)
    {
        if (EphemeralPortRange.TryRead(out var low, out var high)
            && EphemeralPortRange.Overlaps(settings.Ftp.PassivePortLow, settings.Ftp.PassivePortHigh))
        {
            logger.LogWarning("The passive port range {PassiveLow}-{PassiveHigh} overlaps the system's ephemeral range {Low}-{High}: outgoing connections may take passive ports. Choose a range below {Low}.",
                settings.Ftp.PassivePortLow, settings.Ftp.PassivePortHigh, low, high, low);
        }
    }
}
