namespace Ferry.Storage.Local;

/// <summary>
/// How an upload is made durable: fsync of the file, then of the folder that holds its name. A seam
/// so that tests can see the folder flushed, which no file system shows afterwards.
/// </summary>
internal class DiskFlush
{
    public static DiskFlush System { get; } = new();

    public virtual void FlushFile(FileStream file) => file.Flush(flushToDisk: true);

    public virtual void FlushFolder(int folderFd) => LocalUploadHandle.FlushFolder(folderFd);
}
