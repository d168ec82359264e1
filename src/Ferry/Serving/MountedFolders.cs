using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Storage.Local;

namespace Ferry.Serving;

/// <summary>
/// The start-up work for every mounted folder (Storage:Mounts, Sites:N:Mounts, Accounts[]:Mounts, and
/// the embedded store's accounts' mounts): made when Storage:CreateMissing says so (the configuration
/// check refused missing ones otherwise), then swept of what interrupted uploads left behind, as the
/// served root is.
/// </summary>
public static class MountedFolders
{
    public static void Prepare(FerrySettings settings, IEnumerable<Account> storeAccounts, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storeAccounts);
        ArgumentNullException.ThrowIfNull(logger);
        var folders = settings.Mounts
            .Concat(settings.Accounts.Concat(storeAccounts).SelectMany(account => account.Mounts))
            .Concat(settings.Sites.SelectMany(site => site.Mounts.Concat(site.Accounts.SelectMany(account => account.Mounts))))
            .Select(mount => mount.Folder)
            .Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            try
            {
                if (settings.CreateMissing)
                {
                    Directory.CreateDirectory(folder);
                }

                using var storage = LocalStorages.Open(folder, settings.Storage);
                var removed = storage.RemoveStaleTemporaryFiles();
                if (removed > 0)
                {
                    logger.LogInformation("Removed {Count} temporary file(s) left by interrupted uploads in the mounted folder {Folder}", removed, folder);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not fatal: logons whose tree holds it fail as "home folder unavailable" until it is back.
                logger.LogWarning("The mounted folder {Folder} cannot be opened: {Problem}", folder, ex.Message);
            }
        }
    }
}
