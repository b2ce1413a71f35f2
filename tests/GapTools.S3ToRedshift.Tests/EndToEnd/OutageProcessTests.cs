using System.Diagnostics;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// Redshift away for 90 s in the middle of a stream of objects, the worker as its own process, the queue's redrive
/// policy at maxReceiveCount 3: the outage of the sink must cost no message (nothing in the DLQ), no row twice and
/// no log storm. The two scenarios are separate classes so they run side by side.
/// </summary>
internal static class OutageScenario
{
    public const int Objects = 200;
    public const int RowsPerObject = 2;
    public static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(PostgresFixture postgres, Action<WorkerHarness> beginOutage, Action<WorkerHarness> endOutage, IReadOnlyDictionary<string, string?> extra)
    {
        await using var world = await WorkerHarness.StartAsync(postgres, maxReceiveCount: 3);
        var settings = world.Settings();
        settings["S3ToRedshift:Batch:MaxWait"] = "00:00:00.500";
        settings["S3ToRedshift:Batch:MaxObjects"] = "50";
        settings["S3ToRedshift:FailedMessageDelay"] = "00:00:05";
        settings["S3ToRedshift:SinkOutage:ProbeDelay"] = "00:00:01";
        settings["S3ToRedshift:SinkOutage:MaxProbeDelay"] = "00:00:08";
        settings["S3ToRedshift:Sqs:Consumer:VisibilityTimeout"] = "00:00:20";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var environment = settings.Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        using var tool = CliProcess.Start(environment);

        // The first half loads normally.
        for (var i = 0; i < Objects / 2; i++)
        {
            await world.PutAsync($"data/{i:D3}.json", (i * RowsPerObject) + 1, (i * RowsPerObject) + 2);
        }

        await WaitForRowsAsync(world, Objects / 2 * RowsPerObject, TimeSpan.FromSeconds(60), tool);

        // Redshift goes away; the second half arrives during the outage.
        beginOutage(world);
        var outage = Stopwatch.StartNew();
        var logLinesBefore = tool.Output.Split('\n').Length;
        for (var i = Objects / 2; i < Objects; i++)
        {
            await world.PutAsync($"data/{i:D3}.json", (i * RowsPerObject) + 1, (i * RowsPerObject) + 2);
        }

        await Task.Delay(OutageLength - outage.Elapsed, TestContext.Current.CancellationToken);
        var outageLines = tool.Output.Split('\n').Skip(logLinesBefore).ToList();
        Assert.True(0 == world.Messages(WorkerHarness.DeadLetterQueue), "dead-lettered during the outage\n" + tool.Output);
        endOutage(world);

        await WaitForRowsAsync(world, Objects * RowsPerObject, TimeSpan.FromSeconds(90), tool);
        await Eventually.TrueAsync(() => world.Messages(WorkerHarness.Queue) == 0, TimeSpan.FromSeconds(30), () => tool.Output);

        tool.Terminate();
        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)) == 0, tool.Output);
        Assert.True(Objects * RowsPerObject == await world.ScalarAsync("SELECT count(*) FROM public.events"), tool.Output);
        Assert.True(Objects * RowsPerObject == await world.ScalarAsync("SELECT count(DISTINCT id) FROM public.events"), tool.Output);
        Assert.Equal(0, world.Messages(WorkerHarness.DeadLetterQueue));

        // A few lines per backoff step, not one per message or per retry: 90 s at probes of 1 to 8 s is at most
        // some 30 steps; everything the worker wrote during the outage stays well under that many lines per step.
        var warnings = outageLines.Count(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal));
        Assert.True(warnings <= 120, $"{warnings} warning lines during the outage\n" + string.Join('\n', outageLines.Take(200)));
    }

    private static async Task WaitForRowsAsync(WorkerHarness world, long rows, TimeSpan timeout, ToolProcess tool)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await world.ScalarAsync("SELECT count(*) FROM public.events") < rows)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {rows} rows after {timeout}\n" + tool.Output);
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}

public sealed class RefusedConnectionsOutageTests(PostgresFixture postgres)
{
    [Fact]
    public Task Redshift_refusing_connections_for_90_s_without_a_cluster_identifier_costs_no_message() =>
        OutageScenario.RunAsync(
            postgres,
            world =>
            {
                world.Cluster.Proxy.RefuseConnections = true;
                world.Cluster.Proxy.DropAllConnections();
            },
            world => world.Cluster.Proxy.RefuseConnections = false,
            new Dictionary<string, string?>());
}

public sealed class MaintenanceOutageTests(PostgresFixture postgres)
{
    [Fact]
    public Task A_90_s_maintenance_with_refused_connections_and_a_cluster_identifier_costs_no_message() =>
        OutageScenario.RunAsync(
            postgres,
            world => world.Cluster.BeginMaintenance(),
            world => world.Cluster.EndMaintenance(),
            new Dictionary<string, string?> { ["S3ToRedshift:Redshift:ClusterIdentifier"] = "analytics" });
}
