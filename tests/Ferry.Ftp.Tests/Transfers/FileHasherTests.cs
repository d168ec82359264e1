using System.Security.Cryptography;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Transfers;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Transfers;

public sealed class FileHasherTests
{
    [Fact]
    public async Task Unbounded_it_hashes_the_bytes_asked_for()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var hasher = new FileHasher(0, TimeProvider.System);

        var (hash, bytes) = await hasher.HashAsync(new MemoryStream(content), 200_000, HashName.Sha256, CancellationToken.None);

        Assert.Equal(200_000, bytes);
        Assert.Equal(SHA256.HashData(content.AsSpan(0, 200_000)), hash);
    }

    [Fact]
    public async Task A_shorter_file_than_asked_reports_the_bytes_it_had()
    {
        var hasher = new FileHasher(0, TimeProvider.System);

        var (_, bytes) = await hasher.HashAsync(new MemoryStream(new byte[10]), 100, HashName.Md5, CancellationToken.None);

        Assert.Equal(10, bytes);
    }

    [Fact]
    public async Task The_rate_bound_holds_the_hash_until_the_clock_has_moved()
    {
        // 256 KiB/s over 1 MiB: four seconds of clock time, whatever the CPU could do.
        var clock = new FakeClock();
        var hasher = new FileHasher(256 * 1024, clock);
        var content = new byte[1024 * 1024];

        var hashing = hasher.HashAsync(new MemoryStream(content), content.Length, HashName.Sha256, CancellationToken.None);
        var advanced = TimeSpan.Zero;
        for (var step = 0; step < 100 && !hashing.IsCompleted; step++)
        {
            await clock.WaitForPendingTimerAsync();
            Assert.False(hashing.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }

        var (hash, _) = await hashing;
        Assert.Equal(SHA256.HashData(content), hash);
        Assert.True(advanced >= TimeSpan.FromSeconds(3.75), $"finished after {advanced} of clock time");
    }

    [Fact]
    public async Task Cancellation_ends_a_paced_hash()
    {
        var clock = new FakeClock();
        using var cancel = new CancellationTokenSource();
        var hashing = new FileHasher(1024, clock).HashAsync(new MemoryStream(new byte[1024 * 1024]), 1024 * 1024, HashName.Sha1, cancel.Token);

        await clock.WaitForPendingTimerAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hashing);
    }
}
