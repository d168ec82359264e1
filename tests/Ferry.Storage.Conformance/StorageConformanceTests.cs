using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Storage.Conformance;

/// <summary>
/// What every <see cref="IStorage"/> promises, and what each of its capabilities adds. A backend's
/// test project derives from this class and says how to make an empty storage; every fact then runs
/// against it. A fact about a capability asserts the behaviour when the backend has it and
/// Unsupported when it has not; one about a mere guarantee (atomic replace) is skipped without it.
/// The rules FileService keeps for every backend (root, into-itself, reserved names) are stated
/// through a FileService, where they live.
/// </summary>
public abstract partial class StorageConformanceTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private IStorage? _storage;

    /// <summary>The storage under test, empty at the start of each fact.</summary>
    protected IStorage Storage => _storage ??= CreateStorage();

    /// <summary>A fresh, empty storage; called once per fact.</summary>
    protected abstract IStorage CreateStorage();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what <see cref="CreateStorage"/> made (a derived class deletes its folder here).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            (_storage as IDisposable)?.Dispose();
        }
    }

    protected bool Has(StorageCapabilities capability) => (Storage.Capabilities & capability) == capability;

    protected static VfsPath P(string path) => VfsPath.Parse(path);

    /// <summary>A FileService for an account that may do everything, over the storage under test.</summary>
    protected FileService Service() =>
        new(Storage, new Account("conformance", "not-a-real-hash", "/", Permissions.All, []));

    protected async Task WriteAsync(string path, string text)
    {
        await using var upload = await Storage.OpenWriteAsync(P(path), WriteMode.Replace, 0, None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(None);
    }

    protected static async Task<string> ReadAllAsync(IReadHandle handle)
    {
        using var reader = new StreamReader(handle.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    protected async Task<string> ReadAsync(string path)
    {
        await using var handle = await Storage.OpenReadAsync(P(path), 0, None);
        return await ReadAllAsync(handle);
    }

    protected async Task<List<string>> NamesAsync(string folder)
    {
        var names = new List<string>();
        await foreach (var entry in Storage.ListAsync(P(folder), None))
        {
            names.Add(entry.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    protected static async Task<FileError> FailsAsync(Func<ValueTask> call) =>
        (await Assert.ThrowsAsync<StorageException>(async () => await call())).Error;

    protected static async Task<FileError> FailsAsync<T>(Func<ValueTask<T>> call) =>
        (await Assert.ThrowsAsync<StorageException>(async () => await call())).Error;

    /// <summary>Asserts Unsupported when the backend lacks <paramref name="capability"/>; true when the caller should assert the behaviour.</summary>
    protected async Task<bool> OffersAsync(StorageCapabilities capability, Func<ValueTask> call)
    {
        if (Has(capability))
        {
            return true;
        }

        Assert.Equal(FileError.Unsupported, await FailsAsync(call));
        return false;
    }

    /// <summary>As <see cref="OffersAsync(StorageCapabilities, Func{ValueTask})"/>, for a call that opens something (disposed if it opens after all).</summary>
    protected async Task<bool> OffersAsync<T>(StorageCapabilities capability, Func<ValueTask<T>> call)
        where T : IAsyncDisposable
    {
        if (Has(capability))
        {
            return true;
        }

        Assert.Equal(FileError.Unsupported, await FailsAsync(call));
        return false;
    }
}
