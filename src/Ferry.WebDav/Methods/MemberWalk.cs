using System.Runtime.CompilerServices;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.Core.Storage;
using Ferry.WebDav.Properties;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Methods;

/// <summary>
/// Where a PROPFIND stands in the members it lists: the folder, its listing and dead properties, the
/// sub-folders still to list (Depth: infinity) and the count of responses. Its per-entry loop is
/// synchronous and compiled fully optimised from its first call (AggressiveOptimization), so a
/// listing of thousands of entries runs neither an async state machine step nor tier-0 code per
/// entry; it pauses for the few things that must be awaited (<see cref="Pause"/>).
/// </summary>
internal sealed class MemberWalk(DavRequest request, PropFindResponder responder, MultistatusBody output, bool infinite)
{
    private static readonly IReadOnlyList<StoredProperty> NoProperties = [];

    private IAsyncEnumerator<FileEntry> _entries = null!;
    private IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>? _dead;
    private int _written = 1;

    /// <summary>Why <see cref="WriteReadyMembers"/> returned.</summary>
    public enum Pause
    {
        /// <summary>The listing ended.</summary>
        Ended,

        /// <summary>The buffer is full: send it, then continue.</summary>
        Full,

        /// <summary>The listing's step must be awaited (<see cref="Pending"/>); when it moved, set <see cref="HasCurrent"/> and continue.</summary>
        Listing,

        /// <summary>The current member's lockdiscovery must be looked up: <see cref="WriteLockedMemberAsync"/>, then continue.</summary>
        Lock,

        /// <summary>Depth infinity reached <see cref="PropFindMethod.MaxInfiniteDepthResponses"/>: the walk stops (its 507 response is written).</summary>
        Limit,
    }

    public MultistatusBody Output => output;

    /// <summary>The folder whose members are listed.</summary>
    public VfsPath Folder { get; set; } = request.Path;

    /// <summary>Sub-folders to list next (Depth: infinity).</summary>
    public Queue<VfsPath> Folders { get; } = new();

    /// <summary>The listing's step that did not complete at once.</summary>
    public ValueTask<bool> Pending { get; private set; }

    /// <summary>The listing's current entry is not written yet (after an awaited step).</summary>
    public bool HasCurrent { get; set; }

    /// <summary>Begins the members of <see cref="Folder"/>, with their stored properties when the response shows them.</summary>
    public void Start(IAsyncEnumerator<FileEntry> entries, IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>? dead)
    {
        _entries = entries;
        // A folder with no stored properties below it costs no look-up per member.
        _dead = dead is { Count: > 0 } ? dead : null;
        HasCurrent = false;
    }

    /// <summary>Writes members until something must be awaited or the listing ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Pause WriteReadyMembers()
    {
        // Bounded by the listing: every round consumes one entry.
        while (true)
        {
            if (HasCurrent)
            {
                HasCurrent = false;
            }
            else
            {
                // A listing from local disk completes at once: no await per entry.
                var next = _entries.MoveNextAsync();
                if (!next.IsCompletedSuccessfully)
                {
                    Pending = next;
                    return Pause.Listing;
                }

                if (!next.Result)
                {
                    return Pause.Ended;
                }
            }

            var entry = _entries.Current;

            // A name no URL can reach (a backslash from a Windows client on local disk) is left out, as listings do.
            if (!VfsPath.IsAddressableName(entry.Name))
            {
                continue;
            }

            if (infinite && _written >= PropFindMethod.MaxInfiniteDepthResponses)
            {
                output.WriteStatusResponse(request.Href(request.Path, isCollection: true), DavStatus.InsufficientStorage, "number-of-matches-within-limits");
                return Pause.Limit;
            }

            if (!responder.MembersAreSynchronous)
            {
                return Pause.Lock;
            }

            responder.WriteMember(entry, PropertiesOf(entry));
            Written(entry);
            if (output.IsFull)
            {
                return Pause.Full;
            }
        }
    }

    /// <summary>The current member when a lock may concern it: its lockdiscovery is looked up first.</summary>
    public async ValueTask WriteLockedMemberAsync()
    {
        var entry = _entries.Current;
        await responder.WriteMemberAsync(Folder, entry, PropertiesOf(entry)).ConfigureAwait(false);
        Written(entry);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private IReadOnlyList<StoredProperty> PropertiesOf(FileEntry entry) =>
        _dead is not null && _dead.TryGetValue(entry.Name, out var found) ? found : NoProperties;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Written(FileEntry entry)
    {
        _written++;
        if (infinite && entry.IsDirectory)
        {
            Folders.Enqueue(Folder.Combine(entry.Name));
        }
    }
}
