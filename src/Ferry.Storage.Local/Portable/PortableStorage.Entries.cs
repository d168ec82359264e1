using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>What is at a path: its entry (links described by what they lead to inside the root), its kind, and moving it.</summary>
public sealed partial class PortableStorage
{
    /// <summary>An entry of a listing, or null for a name no client can address (it is skipped).</summary>
    private FileEntry? Entry(FileSystemInfo info)
    {
        var name = info.Name;
        if (!VfsPath.IsAddressableName(name) || (WindowsNames && !Core.Storage.PortableNames.IsPortable(name)))
        {
            return null;
        }

        return info.LinkTarget is null ? PortableEntries.FromInfo(name, info, isLink: false) : DescribeLink(name, info.FullName, info);
    }

    /// <summary>The entry at <paramref name="full"/>, or null when nothing is there.</summary>
    private FileEntry? Describe(string name, string full)
    {
        FileSystemInfo info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return DescribeLink(name, full, info);
        }

        if (info.Exists)
        {
            return PortableEntries.FromInfo(name, info, isLink: false);
        }

        info = new DirectoryInfo(full);
        return info.Exists ? PortableEntries.FromInfo(name, info, isLink: false) : null;
    }

    /// <summary>
    /// A link shows what it leads to (type, size, time, mode) when that lies inside the root; a
    /// link that dangles, loops or leads out is shown as the link itself. Nothing outside is looked at.
    /// </summary>
    private FileEntry DescribeLink(string name, string full, FileSystemInfo link)
    {
        try
        {
            try
            {
                var folder = _finalPath.OfFolder(full);
                _fence.Ensure(folder);
                return PortableEntries.FromFolder(name, folder, isLink: true);
            }
            catch (StorageException e) when (e.Error == FileError.NotADirectory)
            {
                // A file is described without being opened (opening a FIFO would hold up the
                // listing): the chain of links is followed by name to a target that is no link,
                // and the system resolves the folder that holds it, which the fence checks.
                if (link.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target
                    || Path.GetDirectoryName(target.FullName) is not { } folder)
                {
                    return PortableEntries.FromInfo(name, link, isLink: true);
                }

                _fence.Ensure(_finalPath.OfFolder(folder));
                return PortableEntries.FromInfo(name, target, isLink: true);
            }
        }
        catch (Exception e) when (PortableErrors.ToFileError(e) is not null)
        {
            return PortableEntries.FromInfo(name, link, isLink: true);
        }
    }

    private bool LinksToFolderInside(string link)
    {
        try
        {
            return _fence.Contains(_finalPath.OfFolder(link));
        }
        catch (StorageException)
        {
            return false;
        }
    }

    /// <summary>What is at a path, not following a final link.</summary>
    private static EntryKind KindOf(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return EntryKind.Link;
        }

        return info.Exists ? EntryKind.File : Directory.Exists(full) ? EntryKind.Folder : EntryKind.None;
    }

    /// <summary>True when two names lead to one entry: on a case-insensitive file system, two spellings of one name.</summary>
    private bool SameEntry(string source, string target, EntryKind kind)
    {
        try
        {
            if (kind == EntryKind.Folder)
            {
                return _finalPath.OfFolder(source) == _finalPath.OfFolder(target);
            }

            if (kind == EntryKind.File)
            {
                using var one = File.OpenHandle(source, FileMode.Open, FileAccess.Read, ShareAll);
                using var other = File.OpenHandle(target, FileMode.Open, FileAccess.Read, ShareAll);
                return _finalPath.OfFile(one) == _finalPath.OfFile(other);
            }
        }
        catch (Exception e) when (PortableErrors.ToFileError(e) is not null)
        {
        }

        return false;
    }

    private static void MoveEntry(string source, string target, EntryKind kind, bool replace)
    {
        if (kind == EntryKind.Folder || (kind == EntryKind.Link && Directory.Exists(source)))
        {
            Directory.Move(source, target);
        }
        else if (replace)
        {
            AtomicMove.Replace(source, target);
        }
        else
        {
            File.Move(source, target, overwrite: false);
        }
    }

    private enum EntryKind
    {
        None,
        File,
        Folder,
        Link,
    }
}
