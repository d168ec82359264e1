using System.Runtime.CompilerServices;
using System.Text;
using Ferry.Core.Storage;

namespace Ferry.Core.Files;

/// <summary>
/// A storage's raw listing as <see cref="PrimedListing"/> hands on the usual one: without reserved
/// names (<see cref="ReservedNames"/>) and names the request filter hides, the storage's failures
/// translated into <see cref="StorageException"/>.
/// </summary>
internal sealed class FilteredRawReader(IRawEntryReader inner, RequestFilter filter) : IRawEntryReader
{
    private readonly bool _filters = !filter.HiddenSegments.IsDefaultOrEmpty;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(out RawEntry entry)
    {
        try
        {
            // Bounded by the listing: every round consumes one entry.
            while (inner.TryRead(out entry))
            {
                if (!ReservedNames.IsReserved(entry.Name) && !(_filters && filter.HidesName(Encoding.UTF8.GetString(entry.Name))))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e)
        {
            throw StorageErrors.Translate(e);
        }
    }

    public void Dispose() => inner.Dispose();
}
