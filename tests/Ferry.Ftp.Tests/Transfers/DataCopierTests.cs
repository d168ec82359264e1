using System.IO.Pipelines;
using System.Text;
using Ferry.Ftp.Session;
using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Tests.Transfers;

public sealed class DataCopierTests
{
    [Fact]
    public async Task Receive_reports_progress_and_converts_type_a()
    {
        long moved = 0;
        var copier = new DataCopier(TimeSpan.FromSeconds(30), n => moved += n);
        using var destination = new MemoryStream();
        var received = await copier.ReceiveAsync(new MemoryStream(Encoding.ASCII.GetBytes("a\r\nb\r\n")), destination, TransferType.Ascii, CancellationToken.None);
        Assert.Equal(6, received);
        Assert.Equal(6, moved);
        Assert.Equal("a\nb\n", Encoding.ASCII.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task A_source_that_sends_nothing_ends_as_a_stall()
    {
        var silent = new Pipe(); // Nobody ever writes: the read waits until the stall timer fires.
        var copier = new DataCopier(TimeSpan.FromMilliseconds(200), _ => { });
        var stalled = await Assert.ThrowsAsync<TransferStalledException>(() =>
            copier.ReceiveAsync(silent.Reader.AsStream(), Stream.Null, TransferType.Image, CancellationToken.None));
        Assert.Contains("No data moved", stalled.Message);
    }

    [Fact]
    public async Task Cancellation_by_abor_is_not_reported_as_a_stall()
    {
        var silent = new Pipe();
        using var abort = new CancellationTokenSource();
        var copier = new DataCopier(TimeSpan.FromSeconds(30), _ => { });
        var copy = copier.ReceiveAsync(silent.Reader.AsStream(), Stream.Null, TransferType.Image, abort.Token);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
    }
}
