using System.Text.Json;

namespace Ferry.Bench.Tests;

public class HttpMetricsTests
{
    private static JsonElement Json(ResultLine line)
    {
        using var output = new MemoryStream();
        line.WriteTo(output);
        return JsonDocument.Parse(output.ToArray()).RootElement.Clone();
    }

    private static HttpCrowdMetric Crowd(HttpTarget target, int clients = 20, int gets = 3) =>
        new(new HttpCrowdMetric.Options(target, clients, gets, "small", 2000, 4096, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));

    [Fact]
    public async Task Every_client_of_a_crowd_completes_against_a_server_that_answers_right()
    {
        await using var server = new TinyHttpServer();

        var result = Json(await Crowd(server.Target()).MeasureAsync());

        Assert.Equal(20, result.GetProperty("completed").GetInt32());
        Assert.Equal(0, result.GetProperty("failures").GetInt32());
        Assert.True(result.GetProperty("p99_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task A_crowd_counts_each_client_whose_keep_alive_connection_the_server_ends()
    {
        await using var server = new TinyHttpServer(announceCloseAfter: 1);

        var result = Json(await Crowd(server.Target()).MeasureAsync());

        Assert.Equal(0, result.GetProperty("completed").GetInt32());
        Assert.Equal(20, result.GetProperty("failures").GetInt32());
        Assert.Contains("closed the keep-alive connection", result.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crowd_counts_wrong_answers_as_failures()
    {
        await using var server = new TinyHttpServer();

        var result = Json(await Crowd(server.Target(password: "wrong"), clients: 5).MeasureAsync());

        Assert.Equal(5, result.GetProperty("failures").GetInt32());
        Assert.True(result.GetProperty("p99_ms").ValueKind == JsonValueKind.Null);
        Assert.Contains("status 401", result.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crowd_counts_a_short_body_as_a_failure()
    {
        await using var server = new TinyHttpServer(bodyBytes: 4000);

        var result = Json(await Crowd(server.Target(), clients: 3).MeasureAsync());

        Assert.Equal(3, result.GetProperty("failures").GetInt32());
        Assert.Contains("4000 bytes, expected 4096", result.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    private static HttpIdleMetric Idle(HttpTarget target, int connections) =>
        new(new HttpIdleMetric.Options(target, connections, Environment.ProcessId, "/small/f00000", 4096, 10, TimeSpan.Zero, TimeSpan.FromSeconds(60)));

    [Fact]
    public async Task Idle_connections_stay_open_through_the_memory_sample()
    {
        await using var server = new TinyHttpServer();

        var result = Json(await Idle(server.Target(), 10).MeasureAsync());

        Assert.Equal(10, result.GetProperty("completed").GetInt32());
        Assert.Equal(0, result.GetProperty("failures").GetInt32());
        Assert.Equal(0, result.GetProperty("closed_by_server").GetInt32());
        Assert.True(result.GetProperty("pss_after_kib").GetInt64() > 0);
    }

    [Fact]
    public async Task Idle_connections_the_server_dropped_count_as_failures()
    {
        await using var server = new TinyHttpServer(dropAfterFirst: true);

        var result = Json(await Idle(server.Target(), 10).MeasureAsync());

        Assert.Equal(10, result.GetProperty("closed_by_server").GetInt32());
        Assert.Equal(10, result.GetProperty("failures").GetInt32());
    }
}
