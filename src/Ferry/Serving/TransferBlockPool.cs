using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Ferry.Serving;

/// <summary>
/// The buffers Kestrel's connections read into and write from. Kestrel's own pool hands out 4 KiB
/// blocks, and a block is the unit of almost everything a connection does: one receive system call
/// per block, and under TLS one record per block (Kestrel's TLS writer hands SslStream one block at a
/// time). A 1 GiB upload then costs 262,144 receives and a download over HTTPS four times the records
/// it needs. Larger blocks cut both; an idle connection holds none either way (Kestrel waits for data
/// with a zero-byte read before it rents a block).
/// </summary>
public sealed class TransferBlockPool : MemoryPool<byte>
{
    /// <summary>
    /// 64 KiB: four full TLS records (16 KiB each, RFC 8446 5.1) and a socket receive that empties
    /// loopback's usual segment train in one call; a connection that sends a command or a small request
    /// uses one block while it is parsed and gives it back.
    /// </summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>
    /// Blocks kept for reuse once returned: 128 × 64 KiB = 8 MiB. Beyond that a returned block is left
    /// to the collector, so a burst of 2,000 clients does not pin 125 MiB for the rest of the process's life.
    /// </summary>
    public const int MaxRetained = 128;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= MaxRetained)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    /// <summary>A pinned array: sockets and SslStream use it without pinning it per call.</summary>
    private sealed class Block(TransferBlockPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.Return(this);
    }

    /// <summary>What Kestrel's transport asks for, through dependency injection (ASP.NET Core 10).</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TransferBlockPool();
    }
}
