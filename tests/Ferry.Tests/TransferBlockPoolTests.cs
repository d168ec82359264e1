using Ferry.Serving;
using Xunit;

namespace Ferry.Tests;

public class TransferBlockPoolTests
{
    [Fact]
    public void Every_block_is_a_whole_64_KiB_whatever_was_asked()
    {
        using var pool = new TransferBlockPool();
        using var small = pool.Rent(100);
        using var unspecified = pool.Rent();
        Assert.Equal(TransferBlockPool.BlockSize, small.Memory.Length);
        Assert.Equal(TransferBlockPool.BlockSize, unspecified.Memory.Length);
        Assert.Equal(TransferBlockPool.BlockSize, pool.MaxBufferSize);
    }

    [Fact]
    public void A_returned_block_is_handed_out_again()
    {
        using var pool = new TransferBlockPool();
        var first = pool.Rent();
        first.Memory.Span[0] = 42;
        first.Dispose();
        using var second = pool.Rent();
        Assert.Same(first, second);
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
    public void Past_the_retention_limit_returned_blocks_are_let_go()
    {
        using var pool = new TransferBlockPool();
        var burst = Enumerable.Range(0, 200).Select(_ => pool.Rent()).ToList();
        foreach (var block in burst)
        {
            block.Dispose();
        }

        // Renting the whole burst again reuses only the retained ones; the rest are new blocks.
        var again = Enumerable.Range(0, 200).Select(_ => pool.Rent()).ToList();
        var reused = again.Count(block => burst.Contains(block));
        Assert.Equal(TransferBlockPool.MaxRetained, reused);
    }
}
