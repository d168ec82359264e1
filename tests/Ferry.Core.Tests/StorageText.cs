using System.Text;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

/// <summary>Small text files written and read through any storage's own calls, for tests that set up and check a tree.</summary>
internal static class StorageText
{
    public static async Task WriteAsync(IStorage storage, string path, string text)
    {
        await using var upload = await storage.OpenWriteAsync(VfsPath.Parse(path), WriteMode.Replace, 0, CancellationToken.None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(CancellationToken.None);
    }

    public static async Task<string> ReadAsync(IStorage storage, string path)
    {
        await using var handle = await storage.OpenReadAsync(VfsPath.Parse(path), 0, CancellationToken.None);
        using var reader = new StreamReader(handle.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
