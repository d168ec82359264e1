using System.Runtime.CompilerServices;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.WebDav.Properties;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Methods;

/// <summary>
/// The members of a Depth 1 PROPFIND read through the storage's raw listing (<see cref="IRawListing"/>):
/// each response is written from the entry's name bytes and numbers, with no <see cref="FileEntry"/>,
/// name string or path per member, in synchronous runs between sends. Only when the responses need
/// nothing per member beyond the entry (no stored properties, no lock look-up): see
/// <see cref="PropFindMethod"/>, which otherwise lists the usual way (<see cref="MemberWalk"/>).
/// </summary>
internal static class RawMemberWalk
{
    /// <summary>Writes the members, sending the buffer whenever it is full.</summary>
    public static async Task WriteAsync(IRawEntryReader reader, PropFindResponder responder, MultistatusBody output)
    {
        // Bounded by the folder: every round consumes entries until the buffer is full, or ends.
        while (WriteReadyMembers(reader, responder, output))
        {
            await output.DrainAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes members until the buffer is full (true) or the folder ends (false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool WriteReadyMembers(IRawEntryReader reader, PropFindResponder responder, MultistatusBody output)
    {
        // Bounded by the folder's size: each read consumes one entry.
        while (reader.TryRead(out var entry))
        {
            // A name no URL can reach is left out, as MemberWalk leaves it out.
            if (!VfsPath.IsAddressableName(entry.Name))
            {
                continue;
            }

            responder.WriteMember(entry);
            if (output.IsFull)
            {
                return true;
            }
        }

        return false;
    }
}
