using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GapTools.LocalAws.Faults;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// The tool as its own process through a CloudSearch outage: the sink's health gates the source, so no message is
/// burned, released in a hot loop or dead-lettered because CloudSearch was briefly away.
/// </summary>
public sealed partial class OutageProcessTests
{
    private static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_90_second_503_outage_while_50_objects_arrive_dead_letters_nothing_and_indexes_everything()
    {
        const int Objects = 50;
        await using var harness = await WorkerHarness.StartAsync(maxReceiveCount: 3);
        var outage = harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", null, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"));
        var clock = Stopwatch.StartNew();
        using var tool = CliProcess.Start(ProcessTests.Credentials(harness), ProcessTests.Settings(harness,
            // Shorter than the outage: only the consumer's heartbeat keeps the held messages invisible.
            "--set", "S3ToCloudSearch:Sqs:Consumer:VisibilityTimeout=00:00:20",
            "--set", "S3ToCloudSearch:UploadRetry:MaxRetryAttempts=2",
            "--set", "S3ToCloudSearch:UploadRetry:BaseDelay=00:00:00.100",
            "--set", "S3ToCloudSearch:UploadRetry:MaxDelay=00:00:00.500",
            "--set", "S3ToCloudSearch:SinkOutage:MaxProbeDelay=00:00:05"));
        for (var i = 0; i < Objects; i++)
        {
            // The objects arrive over the first 30 s of the outage.
            await harness.PutAsync($"in/{i:D2}.json", $$$"""{"type":"add","id":"d{{{i}}}","fields":{"title":"document {{{i}}}"}}""");
            await Task.Delay(600, Ct);
        }

        await Task.Delay(OutageLength - clock.Elapsed, Ct);
        var duringOutage = tool.Output;
        var inFlightDuringOutage = harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).InFlight;
        outage.Dispose();
        var recovered = clock.Elapsed;
        await ProcessTests.Eventually(
            () => harness.Domain().Documents.Count == Objects && harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total == 0, tool, TimeSpan.FromSeconds(60));
        var caughtUp = clock.Elapsed - recovered;
        tool.Terminate();
        var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var output = tool.Output;
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exit == 0, output);
        Assert.Equal(Objects, harness.Domain().Documents.Count);
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total);
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.DeadLetterQueue).Total);
        Assert.True(inFlightDuringOutage > 0, "messages were held in flight during the outage");
        // Each message (and the bucket's s3:TestEvent) was received once and deleted: none was released, retried
        // later or dead-lettered.
        Assert.Contains($"{Objects + 1} received, {Objects + 1} deleted, 0 released, 0 retried later, 0 dead-lettered", output, StringComparison.Ordinal);

        // A line per backoff step, not per retry or per message: each probe is one "is unavailable" warning; the
        // retries inside a probe log at Debug once the outage is on.
        var warnings = duringOutage.Split('\n').Where(l => l.Contains(" warn: ", StringComparison.Ordinal)).ToList();
        var steps = warnings.Count(l => l.Contains("is unavailable", StringComparison.Ordinal));
        var retries = warnings.Count(l => l.Contains("Retrying cloudsearch.UploadDocuments", StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{warnings.Count} warnings during the {OutageLength.TotalSeconds:0} s outage: {steps} backoff steps, {retries} retries; " +
            $"{inFlightDuringOutage} messages held at its end; caught up {caughtUp.TotalSeconds:0.0} s after it");
        Assert.InRange(steps, 5, 60); // probes 2.5 to 5 s apart once the backoff has grown: about 25 in 90 s
        Assert.True(retries <= 2, string.Join('\n', warnings)); // the first call's, before the outage began
        Assert.True(warnings.Count <= steps + 5, string.Join('\n', warnings));
        Assert.DoesNotContain(" fail: ", duringOutage, StringComparison.Ordinal);
        Assert.DoesNotMatch(DeliveredAgain(), output);
    }

    [GeneratedRegex("will be delivered again|messages will be released")]
    private static partial Regex DeliveredAgain();
}
