using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Ferry.Serving;

/// <summary>
/// The buffers Kestrel's connections read into and write from. Kestrel's own pool hands out 4 KiB
/// blocks, and a block is the unit of almost everything a connection does: one receive system call
/// per block, and under TLS one record per block. A 1 GiB WebDAV PUT then costs 262,144 receives.
/// Large blocks cut that, but cost a burst of thousands of logons time (each command would take and
/// give back 64 KiB). So the pool hands out large blocks while few are out, which is when a few
/// connections move bulk data, and Kestrel's 4 KiB size once many are: a crowd of connections each
/// needs little. An idle connection holds no block either way (Kestrel waits for data with a
/// zero-byte read before it rents one).
/// </summary>
public sealed class TransferBlockPool : MemoryPool<byte>
{
    /// <summary>
    /// 64 KiB: four full TLS records (16 KiB each, RFC 8446 5.1) and a socket receive that takes
    /// loopback's usual burst of segments in one call.
    /// </summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>Kestrel's own block size, for a connection that arrives while many large blocks are out.</summary>
    public const int SmallBlockSize = 4 * 1024;

    /// <summary>
    /// Large blocks out at once before the pool hands out small ones: 64 × 64 KiB = 4 MiB, enough for
    /// every bulk transfer of a busy server (each holds one or two while data moves).
    /// </summary>
    public const int MaxLargeOut = 64;

    /// <summary>
    /// Returned blocks kept for reuse, of each size: 64 large (4 MiB) and 1,024 small (4 MiB). Beyond
    /// that a returned block is left to the collector, so a burst does not stay pinned for the rest of
    /// the process's life.
    /// </summary>
    public const int MaxLargeRetained = MaxLargeOut;

    public const int MaxSmallRetained = 1024;

    /// <summary>
    /// Last in, first out: the block handed out next is the one most recently returned, still in the
    /// CPU's cache. (A queue would hand out the coldest block every time.)
    /// </summary>
    private readonly Stack<Block> _large = new();
    private readonly Stack<Block> _small = new();
    private readonly Lock _lock = new();
    private int _largeOut;

    public override int MaxBufferSize => BlockSize;

    /// <summary>How many large blocks are rented now (for tests).</summary>
    public int LargeOut
    {
        get
        {
            lock (_lock)
            {
                return _largeOut;
            }
        }
    }

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        lock (_lock)
        {
            if (minBufferSize <= SmallBlockSize && _largeOut >= MaxLargeOut)
            {
                return _small.TryPop(out var small) ? small : new Block(this, SmallBlockSize);
            }

            _largeOut++;
            if (_large.TryPop(out var large))
            {
                return large;
            }
        }

        return new Block(this, BlockSize);
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            _large.Clear();
            _small.Clear();
        }
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            if (block.Memory.Length == BlockSize)
            {
                _largeOut--;
                if (_large.Count < MaxLargeRetained)
                {
                    _large.Push(block);
                }
            }
            else if (_small.Count < MaxSmallRetained)
            {
                _small.Push(block);
            }
        }
    }

    /// <summary>A pinned array: sockets and SslStream use it without pinning it per call.</summary>
    private sealed class Block(TransferBlockPool pool, int size) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(size, pinned: true), 0, size);

        public void Dispose() => pool.Return(this);
    }

    /// <summary>What Kestrel's transport asks for, through dependency injection (ASP.NET Core 10).</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TransferBlockPool();
    }
}
