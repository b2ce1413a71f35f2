using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// The worker as its own process with the standard OpenTelemetry variables pointing at LocalAws's OTLP/HTTP
/// receiver: the SQS and S3ToRedshift metrics and a span per COPY arrive; without the variables nothing is sent.
/// </summary>
public sealed class TelemetryProcessTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_metrics_and_copy_spans_reach_the_collector()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var environment = Environment(world);
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = world.Server.ServiceUrl.ToString().TrimEnd('/');
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        environment["OTEL_SERVICE_NAME"] = "loader-under-test";
        using var tool = CliProcess.Start(environment);
        await world.PutAsync("data/a.json", 1, 2);

        await Eventually.TrueAsync(
            () => world.Server.Otlp.Contains("traces", "COPY public.events") && world.Server.Otlp.Contains("metrics", "gaptools.s3toredshift.objects"),
            TimeSpan.FromSeconds(60), () => tool.Output);
        await Eventually.TrueAsync(() => world.Server.Otlp.Contains("metrics", "gaptools.sqs.message.settle_duration"), TimeSpan.FromSeconds(30), () => tool.Output);
        tool.Terminate();
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)));

        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.True(world.Server.Otlp.Contains("traces", "db.collection.name"));
        Assert.True(world.Server.Otlp.Contains("metrics", "loader-under-test"));
        Assert.True(world.Server.Otlp.Contains("metrics", "gaptools.sqs.messages.deleted"));
        Assert.False(world.Server.Otlp.Contains("metrics", world.AdminPassword));
    }

    [Fact]
    public async Task Without_the_variables_nothing_is_exported()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        using var tool = CliProcess.Start(Environment(world));
        await world.PutAsync("data/a.json", 1);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await world.ScalarAsync("SELECT count(*) FROM public.events") < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, tool.Output);
            await Task.Delay(200, Ct);
        }

        await Task.Delay(1500, Ct); // three export intervals' worth, had an exporter been on
        tool.Terminate();
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)));

        Assert.Equal(0, world.Server.Otlp.Count("metrics") + world.Server.Otlp.Count("traces"));
    }

    private static Dictionary<string, string> Environment(WorkerHarness world)
    {
        var settings = world.Settings();
        settings["S3ToRedshift:Batch:MaxWait"] = "00:00:00.200";
        return settings.Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
    }
}
