using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Support;

/// <summary>
/// Every call goes to <paramref name="inner"/>, but the raw listing facet (<see cref="IRawListing"/>)
/// is not offered: listings take the entry path, as over a storage that has no such facet.
/// </summary>
internal sealed class EntryListingStorage(IStorage inner) : ForwardingStorage(inner);
