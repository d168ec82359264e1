using System.Diagnostics.Metrics;
using Ferry.Core.Diagnostics;

namespace Ferry.Core.Tests.Diagnostics;

public sealed class FerryMetricsTests
{
    [Theory]
    [InlineData(TransferResult.Ok, "ok")]
    [InlineData(TransferResult.Aborted, "aborted")]
    [InlineData(TransferResult.Failed, "failed")]
    public void A_finished_transfer_is_counted_with_its_result_in_lower_case(TransferResult result, string expected)
    {
        using var metrics = new FerryMetrics(new Meter(FerryMetrics.MeterName + ".Tests." + Guid.NewGuid().ToString("N")));
        var seen = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "ferry.transfers")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    seen.Add(tag.Value as string);
                }
            }
        });
        listener.Start();

        metrics.TransferEnded("webdav", TransferDirection.Download, result, TimeSpan.FromMilliseconds(1));

        Assert.Equal([expected], seen);
    }

    [Fact]
    public void Every_result_has_a_name()
    {
        foreach (var result in Enum.GetValues<TransferResult>())
        {
            Assert.Equal(result.ToString().ToLowerInvariant(), FerryMetrics.ResultName(result));
        }
    }
}
