namespace Ferry.Configuration;

/// <summary>
/// The whole check a command runs before it creates anything: every value, every unknown key, and
/// the paths the configuration names (a configured root, home or anonymous folder must exist unless
/// Storage:CreateMissing; TLS files must be readable). All problems are thrown at once, each with
/// its source. Only then may a command create folders, certificates, the database or an account.
/// </summary>
public static class ConfigurationCheck
{
    public static FerrySettings Load(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new ConfigurationProblems();
        var settings = FerrySettings.Read(config, problems);
        CheckPaths(config, settings, problems);
        problems.ThrowIfAny(config);
        return settings;
    }

    private static void CheckPaths(IConfiguration config, FerrySettings settings, ConfigurationProblems p)
    {
        const string Remedy = "create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it.";

        // The data folder is Ferry's own state and is created (the quick start needs ./ferry-data),
        // but under a parent that exists: a mistyped --data must not start a second, empty server.
        if (File.Exists(settings.DataDirectory))
        {
            p.Add("DataDirectory", $"DataDirectory: '{settings.DataDirectory}' is a file, not a folder.");
        }
        else if (!settings.CreateMissing && config["DataDirectory"] is not null && Path.GetDirectoryName(settings.DataDirectory) is { } parent && !Directory.Exists(parent))
        {
            p.Add("DataDirectory", $"DataDirectory: the folder '{parent}' that would hold the data folder does not exist; {Remedy}");
        }

        // The default root (<data>/files) is created on first run; a root someone wrote must be there.
        if (!settings.CreateMissing && config["Storage:Root"] is not null && !Directory.Exists(settings.Root))
        {
            p.Add("Storage:Root", $"Storage:Root: the folder '{settings.Root}' does not exist; {Remedy}");
        }

        if (!settings.CreateMissing && settings.Login.AnonymousHome is { } anonymous && !Directory.Exists(anonymous))
        {
            p.Add("Security:AnonymousHome", $"Security:AnonymousHome: the folder '{anonymous}' does not exist; {Remedy}");
        }

        if (!settings.CreateMissing)
        {
            // Only a Home written in the file: a home left to default (the account's name under the
            // root) is created at first logon, as for accounts added with `ferry account add`.
            foreach (var child in config.GetSection("Accounts").GetChildren())
            {
                if (child["Home"] is { } home && HomeFolder.Problem(home) is null)
                {
                    var folder = HomeFolder.Resolve(settings.Root, home);
                    if (!Directory.Exists(folder))
                    {
                        p.Add($"{child.Path}:Home", $"{child.Path}:Home: the folder '{folder}' does not exist; {Remedy}");
                    }
                }
            }
        }

        if (!settings.CreateMissing)
        {
            // Every Mounts list: the server's, each account's, each site's and its accounts'.
            MountSettings.CheckFolders(config.GetSection("Storage:Mounts"), p, Remedy);
            foreach (var child in config.GetSection("Accounts").GetChildren().Concat(config.GetSection("Sites").GetChildren())
                .Concat(config.GetSection("Sites").GetChildren().SelectMany(site => site.GetSection("Accounts").GetChildren())))
            {
                MountSettings.CheckFolders(child.GetSection("Mounts"), p, Remedy);
            }
        }

        if (settings.Tls.Enabled)
        {
            Readable(p, "Tls:CertificateFile", settings.Tls.CertificateFile);
            Readable(p, "Tls:KeyFile", settings.Tls.KeyFile);
        }

        CheckSitePaths(config, settings, p, Remedy);
    }

    /// <summary>The same checks for each virtual site: its root, anonymous folder, written homes (under its root) and certificate files.</summary>
    private static void CheckSitePaths(IConfiguration config, FerrySettings settings, ConfigurationProblems p, string remedy)
    {
        var entries = config.GetSection("Sites").GetChildren().ToArray();
        foreach (var site in settings.Sites)
        {
            // Sites with problems were left out of settings.Sites; find each one's own entry for the keys.
            var entry = entries.FirstOrDefault(e => string.Equals(e["Name"]?.Trim().TrimEnd('.'), site.Name, StringComparison.OrdinalIgnoreCase));
            var path = entry?.Path ?? "Sites";
            if (!settings.CreateMissing)
            {
                if (!Directory.Exists(site.Root))
                {
                    p.Add($"{path}:Root", $"{path}:Root: the folder '{site.Root}' of site {site.Name} does not exist; {remedy}");
                }

                if (site.AnonymousHome is { } anonymous && !Directory.Exists(anonymous))
                {
                    p.Add($"{path}:AnonymousHome", $"{path}:AnonymousHome: the folder '{anonymous}' does not exist; {remedy}");
                }

                foreach (var child in entry?.GetSection("Accounts").GetChildren() ?? [])
                {
                    if (child["Home"] is { } home && HomeFolder.Problem(home) is null && !Directory.Exists(HomeFolder.Resolve(site.Root, home)))
                    {
                        p.Add($"{child.Path}:Home", $"{child.Path}:Home: the folder '{HomeFolder.Resolve(site.Root, home)}' does not exist; {remedy}");
                    }
                }
            }

            if (site.Tls is { } certificate)
            {
                Readable(p, $"{path}:Tls:CertificateFile", certificate.CertificateFile);
                Readable(p, $"{path}:Tls:KeyFile", certificate.KeyFile);
            }
        }
    }

    private static void Readable(ConfigurationProblems p, string key, string? file)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            using var stream = File.OpenRead(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read: {ex.Message}";
            p.Add(key, $"{key}: the file '{file}' {reason}.");
        }
    }
}
