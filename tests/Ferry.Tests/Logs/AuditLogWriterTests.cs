using Ferry.Core.Audit;
using Ferry.Logs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Tests.Logs;

public sealed class AuditLogWriterTests
{
    [Fact]
    public async Task Dispose_writes_everything_that_was_queued()
    {
        var sink = new ListSink();
        var writer = new AuditLogWriter([sink], NullLogger.Instance);
        for (var i = 0; i < 5000; i++)
        {
            writer.Write(AuditEvents.Retr() with { SessionId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        await writer.DisposeAsync();
        Assert.Equal(5000, sink.Written.Count);
        Assert.Equal("4999", sink.Written[^1].SessionId);
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public async Task Events_that_arrive_together_are_written_in_one_batch_and_a_shutdown_does_not_wait_for_the_gathering()
    {
        var sink = new ListSink();
        var writer = new AuditLogWriter([sink], NullLogger.Instance, gatherTime: TimeSpan.FromMinutes(10));
        for (var i = 0; i < 100; i++)
        {
            writer.Write(AuditEvents.Retr());
        }

        // Were the ten minutes waited out, the test would time out instead of passing.
        await writer.DisposeAsync();
        Assert.Equal(100, sink.Written.Count);
        Assert.Equal(1, sink.Batches);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var sink = new BlockedSink();
        var writer = new AuditLogWriter([sink], NullLogger.Instance, capacity: 2);

        // The first event is taken by the writer, which then blocks in the sink; two fill the queue; the rest are dropped.
        writer.Write(AuditEvents.Retr());
        Assert.True(sink.Entered.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 10; i++)
        {
            writer.Write(AuditEvents.Retr());
        }

        Assert.Equal(8, writer.Dropped);
        sink.Release.Set();
        await writer.DisposeAsync();
        Assert.Equal(3, sink.Count);
    }

    [Fact]
    public async Task A_sink_that_fails_does_not_stop_the_others()
    {
        var good = new ListSink();
        var writer = new AuditLogWriter([new FailingSink(), good], NullLogger.Instance);
        writer.Write(AuditEvents.Retr());
        writer.Write(AuditEvents.Retr());
        await writer.DisposeAsync();
        Assert.Equal(2, good.Written.Count);
    }

    [Fact]
    public async Task Without_sinks_it_is_disabled_and_keeps_nothing()
    {
        var writer = new AuditLogWriter([], NullLogger.Instance);
        Assert.False(writer.IsEnabled);
        writer.Write(AuditEvents.Retr());
        await writer.DisposeAsync();
        Assert.Equal(0, writer.Dropped);
    }

    private sealed class ListSink : IAuditSink
    {
        public List<AuditEvent> Written { get; } = [];

        public int Batches { get; private set; }

        public void Write(IReadOnlyList<AuditEvent> batch)
        {
            Batches++;
            Written.AddRange(batch);
        }
    }

    private sealed class BlockedSink : IAuditSink
    {
        private int _count;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Count => Volatile.Read(ref _count);

        public void Write(IReadOnlyList<AuditEvent> batch)
        {
            Entered.Set();
            Assert.True(Release.Wait(TimeSpan.FromSeconds(30)));
            Interlocked.Add(ref _count, batch.Count);
        }
    }

    private sealed class FailingSink : IAuditSink
    {
        public void Write(IReadOnlyList<AuditEvent> batch) => throw new IOException("disk full");
    }
}
