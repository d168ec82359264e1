using Ferry.Core.Storage;

namespace Ferry.Ftp.Commands;

/// <summary>What a missing storage capability means, in words a client's user can act on.</summary>
internal static class StorageWords
{
    public static string Lacking(StorageCapabilities capability) => capability switch
    {
        StorageCapabilities.Append => "this server's storage cannot add to the end of a file (upload the whole file with STOR)",
        StorageCapabilities.RandomWrite => "this server's storage cannot write into the middle of a file (upload the whole file again, without REST)",
        StorageCapabilities.SetTimes => "this server's storage cannot set modification times",
        StorageCapabilities.UnixModes => "this server's storage keeps no Unix permission bits",
        _ => "this server's storage cannot do it",
    };
}
