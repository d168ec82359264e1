using System.Net.Security;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Ftp.Sites;
using Ferry.Ftp.Tls;
using Ferry.Storage.Local;

namespace Ferry.Serving;

/// <summary>
/// The virtual FTP sites of a server run (the Sites section), built once at start: each gets its own
/// storage over its own root, its own accounts (and the server's too with InheritAccounts), its own
/// access service and its own certificate, while the ban list, session registry, lock table and the
/// bound on concurrent password hashing stay the server's.
/// </summary>
public sealed class SiteHosting : IDisposable
{
    private readonly List<StorageProvider> _storages;

    private SiteHosting(FtpSites sites, List<StorageProvider> storages)
    {
        Sites = sites;
        _storages = storages;
    }

    public FtpSites Sites { get; }

    /// <summary>The access services of the sites that accept the server's accounts too, for a reload that changes them.</summary>
    public IReadOnlyList<InheritingSite> Inheriting { get; private init; } = [];

    /// <summary>
    /// Each site's FTPS options (null: the server's), in the order of settings.Sites. Called with the
    /// server's own certificate, before any folder or account is made: a file that does not load must
    /// leave nothing behind.
    /// </summary>
    /// <param name="serverTls">The server's FTPS options: a site's certificate replaces only the certificate in them.</param>
    /// <exception cref="ConfigurationException">A site's certificate cannot be loaded.</exception>
    public static IReadOnlyList<FtpTlsOptions?> LoadCertificates(FerrySettings settings, FtpTlsOptions serverTls, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(serverTls);
        ArgumentNullException.ThrowIfNull(logger);
        return [.. settings.Sites.Select((site, index) => LoadCertificate(site, index, settings, serverTls, logger))];
    }

    /// <param name="serverAccounts">The server's own accounts, which a site with InheritAccounts also accepts.</param>
    /// <param name="certificates">From <see cref="LoadCertificates"/>.</param>
    public static SiteHosting Create(FerrySettings settings, SharedAccess access, IAccountStore serverAccounts, IReadOnlyList<FtpTlsOptions?> certificates, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(logger);
        var storages = new List<StorageProvider>();
        var sites = new List<FtpSite>();
        var places = LockPlaces.Of(settings);
        foreach (var (site, tls) in settings.Sites.Zip(certificates))
        {
            Directory.CreateDirectory(site.Root);
            using (var root = LocalStorages.Open(site.Root, settings.Storage))
            {
                // As for the server's root: what interrupted uploads left behind.
                root.RemoveStaleTemporaryFiles();
            }

            IAccountStore own = new InMemoryAccountStore(site.Accounts);
            var accounts = site.InheritAccounts ? new CompositeAccountStore([own, serverAccounts], writable: null) : own;
            var login = access.Login.WithAccounts(accounts, settings.Login with { AnonymousHome = site.AnonymousHome });
            var storage = new StorageProvider(site.Root, settings.Storage, site.Mounts, places);
            storages.Add(storage);
            sites.Add(new FtpSite(site.Name, new AccessService(login, access.Sessions, storage.For, storage.LockSiteOf)
            {
                Site = site.Name,
                // The site's accounts are its own: their quotas and buckets too, under the server's bandwidth.
                Limiters = access.Access.Limiters?.ForOtherAccounts(),

                // Its own request filtering replaces the server's; without, it follows the server's (reloads too).
                Filter = site.Filtering ?? Ferry.Core.Files.RequestFilter.None,
                FilterFrom = site.Filtering is null ? access.Access : null,
            })
            {
                Aliases = site.Aliases,
                Banner = site.Banner,
                Greeting = site.Greeting,
                ExitMessage = site.ExitMessage,
                Tls = tls,
            });
            logger.LogInformation("FTP site {Site}{Aliases}: {Root}, {Count} account(s) of its own{Inherited}{Anonymous}",
                site.Name, site.Aliases.Count == 0 ? "" : $" (also {string.Join(", ", site.Aliases)})", site.Root, site.Accounts.Count,
                site.InheritAccounts ? " and the server's" : "", site.AnonymousHome is null ? "" : ", anonymous logon");
        }

        return new SiteHosting(new FtpSites(sites), storages)
        {
            Inheriting = [.. settings.Sites.Zip(sites).Where(pair => pair.First.InheritAccounts)
                .Select(pair => new InheritingSite(pair.Second.Access, pair.First.Accounts.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)))],
        };
    }

    /// <summary>The site's FTPS options: the server's with the site's certificate; null when the site has none of its own (or TLS is off).</summary>
    private static FtpTlsOptions? LoadCertificate(SiteSettings site, int index, FerrySettings settings, FtpTlsOptions serverTls, ILogger logger)
    {
        if (site.Tls is not { } file || !serverTls.Enabled)
        {
            return null;
        }

        ServerCertificate.Loaded loaded;
        try
        {
            loaded = ServerCertificate.Load(
                settings.Tls with { CertificateFile = file.CertificateFile, KeyFile = file.KeyFile, CertificatePassword = file.CertificatePassword },
                settings.DataDirectory, TimeProvider.System);
        }
        catch (ConfigurationException ex)
        {
            // The loader names the server's keys (Tls:CertificateFile...); name this site's instead.
            throw new ConfigurationException($"Sites:{index}:Tls",
                string.Join("; ", ex.Problems.Select(problem => problem.Message.Replace("Tls:", $"Sites:{index}:Tls:", StringComparison.Ordinal))) + $" (site {site.Name})");
        }

        logger.LogInformation("FTP site {Site}: TLS {Source}: {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 fingerprint {Fingerprint}",
            site.Name, loaded.Source, loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime(), loaded.Fingerprint);
        return serverTls with
        {
            Certificate = SslStreamCertificateContext.Create(loaded.Certificate, loaded.Chain, offline: true),
            ReloadableCertificate = null,
        };
    }

    public void Dispose()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }
    }
}
