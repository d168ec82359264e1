namespace Ferry.Storage.Local.Tests;

/// <summary>/dev/full answers every write with ENOSPC: a disk-full without filling a disk.</summary>
internal static class DevFull
{
    public static FileStream Open() => new("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
}
