using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Limits;

/// <summary>What a tree holds: bytes of its files, and its files and folders counted together.</summary>
public readonly record struct Usage(long Bytes, long Files)
{
    public static Usage operator +(Usage a, Usage b) => new(a.Bytes + b.Bytes, a.Files + b.Files);

    public static Usage operator -(Usage a, Usage b) => new(a.Bytes - b.Bytes, a.Files - b.Files);
}

/// <summary>
/// Walks a tree to measure it: one listing open at a time, subfolders gathered and walked after their
/// parent's listing ends. Names reserved by <see cref="ReservedNames"/> (temporary uploads, the
/// property store) do not count; links to folders are not followed (one may point to an ancestor).
/// </summary>
public static class UsageScan
{
    /// <summary>The same depth bound as a folder copy (<see cref="FileTree.MaxDepth"/>): a deeper tree is a mistake or an attack.</summary>
    public const int MaxDepth = FileTree.MaxDepth;

    /// <summary>
    /// The bytes and entries below <paramref name="folder"/>, the folder itself not counted. Folders
    /// deeper than <see cref="MaxDepth"/> are not entered (counted as one entry each).
    /// </summary>
    public static async Task<Usage> MeasureAsync(IStorage storage, VfsPath folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(folder);
        long bytes = 0, files = 0;
        var pending = new Stack<(VfsPath Path, int Depth)>();
        pending.Push((folder, 0));
        while (pending.TryPop(out var current))
        {
            await foreach (var entry in storage.ListAsync(current.Path, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (ReservedNames.IsReserved(entry.Name))
                {
                    continue;
                }

                files++;
                if (!entry.IsDirectory)
                {
                    bytes += entry.Length;
                }
                else if (entry.Unix?.IsSymbolicLink != true && current.Depth < MaxDepth)
                {
                    pending.Push((current.Path.Combine(entry.Name), current.Depth + 1));
                }
            }
        }

        return new Usage(bytes, files);
    }
}
