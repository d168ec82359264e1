using System.Buffers;
using Ferry.Serving;
using Xunit;

namespace Ferry.Tests;

public class TransferBlockPoolTests
{
    [Fact]
    public void While_few_are_out_every_block_is_a_whole_64_KiB_whatever_was_asked()
    {
        using var pool = new TransferBlockPool();
        using var small = pool.Rent(100);
        using var unspecified = pool.Rent();
        Assert.Equal(TransferBlockPool.BlockSize, small.Memory.Length);
        Assert.Equal(TransferBlockPool.BlockSize, unspecified.Memory.Length);
        Assert.Equal(TransferBlockPool.BlockSize, pool.MaxBufferSize);
    }

    [Fact]
    public void Once_many_large_blocks_are_out_a_crowd_gets_Kestrels_4_KiB_size()
    {
        using var pool = new TransferBlockPool();
        var large = RentMany(pool, TransferBlockPool.MaxLargeOut);
        Assert.All(large, block => Assert.Equal(TransferBlockPool.BlockSize, block.Memory.Length));

        using (var crowd = pool.Rent(4096))
        {
            Assert.Equal(TransferBlockPool.SmallBlockSize, crowd.Memory.Length);
        }

        // A request that needs more than a small block still gets a large one.
        using (var needy = pool.Rent(TransferBlockPool.SmallBlockSize + 1))
        {
            Assert.Equal(TransferBlockPool.BlockSize, needy.Memory.Length);
        }

        large[0].Dispose();
        using var again = pool.Rent();
        Assert.Equal(TransferBlockPool.BlockSize, again.Memory.Length);
        foreach (var block in large.Skip(1))
        {
            block.Dispose();
        }
    }

    [Fact]
    public void The_block_returned_last_is_handed_out_next()
    {
        using var pool = new TransferBlockPool();
        var first = pool.Rent();
        var second = pool.Rent();
        first.Dispose();
        second.Dispose();
        using var next = pool.Rent();
        Assert.Same(second, next);
        Assert.Equal(1, pool.LargeOut);
    }

    [Fact]
    public void Blocks_rented_at_once_do_not_share_memory()
    {
        using var pool = new TransferBlockPool();
        using var a = pool.Rent();
        using var b = pool.Rent();
        a.Memory.Span.Fill(1);
        b.Memory.Span.Fill(2);
        Assert.Equal(1, a.Memory.Span[^1]);
    }

    [Fact]
    public void A_request_larger_than_a_block_is_refused_rather_than_given_too_little()
    {
        using var pool = new TransferBlockPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(TransferBlockPool.BlockSize + 1));
    }

    [Fact]
    public void Past_the_retention_limits_returned_blocks_are_let_go()
    {
        using var pool = new TransferBlockPool();
        var burst = RentMany(pool, TransferBlockPool.MaxLargeOut + 2 * TransferBlockPool.MaxSmallRetained);
        Assert.Equal(2 * TransferBlockPool.MaxSmallRetained, burst.Count(block => block.Memory.Length == TransferBlockPool.SmallBlockSize));
        foreach (var block in burst)
        {
            block.Dispose();
        }

        Assert.Equal(0, pool.LargeOut);

        // The same burst again reuses only the retained blocks; the rest are new.
        var again = RentMany(pool, burst.Count);
        var reused = again.Count(block => burst.Contains(block));
        Assert.Equal(TransferBlockPool.MaxLargeRetained + TransferBlockPool.MaxSmallRetained, reused);
    }

    private static List<IMemoryOwner<byte>> RentMany(TransferBlockPool pool, int count) =>
        Enumerable.Range(0, count).Select(_ => pool.Rent()).ToList();
}
