using System.Net;
using GapTools.LocalAws.Faults;
using GapTools.Testing.Iam;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// deploy/s3-to-cloudsearch/iam-policy.json against what the real s3-to-cloudsearch process asks AWS for in an
/// end-to-end run (LocalAws's request journal, refused requests included): every action performed is allowed, and
/// nothing else is allowed. The run takes a deployment's paths: documents indexed, a bad line written to an error
/// file, an upload refused once (the message released and indexed on its next receive), an object deleted before
/// it was read, an unreadable message sent to the dead-letter queue.
/// </summary>
public sealed class IamPolicyTests
{
    /// <summary>Allowed although the run does not perform them, each with its reason.</summary>
    private static readonly Dictionary<string, string> Extras = new()
    {
        // S3 answers GetObject of a missing key with 404 only to a caller that may list the bucket, 403 otherwise:
        // the worker logs a 404 as "object gone" and deletes the message, a 403 dead-letters it (access denied).
        ["s3:ListBucket"] = "turns a deleted object's GetObject from 403 into 404",
    };

    [Fact]
    public async Task The_policy_allows_exactly_what_a_run_does()
    {
        await using var harness = await WorkerHarness.StartAsync(maxReceiveCount: 2);
        await harness.PutAsync("in/a.json", string.Join('\n', Add("a1"), "{broken", Add("a2")));
        await harness.PutAsync("in/b.json", Add("b1"));
        await harness.PutAsync("in/gone.json", Add("g1"));
        await harness.S3.DeleteObjectAsync(WorkerHarness.Bucket, "in/gone.json", TestContext.Current.CancellationToken);
        harness.Server.State.Sqs.Send(WorkerHarness.Queue, "not an S3 event");
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.BadRequest, "InvalidRequest", count: 1));
        harness.Server.Requests.Clear();

        var environment = harness.Settings(new Dictionary<string, string?> { ["S3ToCloudSearch:FailedMessageDelay"] = "00:00:00" })
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        using var tool = CliProcess.Start(environment, "--batch");
        var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exit == 0, tool.Output);
        Assert.Equal(["a1", "a2", "b1"], harness.Domain().Documents.Keys.Order());
        Assert.Single(harness.Server.State.S3.List(WorkerHarness.Bucket, "errors/"));
        Assert.True(harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total == 0, tool.Output);
        Assert.True(harness.Server.State.Sqs.Snapshot(WorkerHarness.DeadLetterQueue).Total >= 1, tool.Output);
        string[] performed = [.. harness.Server.Requests.Entries.SelectMany(e => IamActions.For(e.Service, e.Operation)).Distinct().Order(StringComparer.Ordinal)];

        var policy = IamPolicy.Load(Path.Combine(ToolProcess.RepositoryRoot, "deploy", "s3-to-cloudsearch", "iam-policy.json"));
        var problems = PolicyCoverage.Problems(policy, performed, Extras);
        Assert.True(problems.Count == 0, $"{string.Join("\n", problems)}\nperformed: {string.Join(", ", performed)}");

        // The check can fail: each performed action taken out of the policy is reported, and so is an action the
        // tool never performs added to it.
        foreach (var action in performed)
        {
            Assert.Contains(PolicyCoverage.Problems(policy.Without(action), performed, Extras), p => p.StartsWith(action + " was performed", StringComparison.Ordinal));
        }

        Assert.Contains(PolicyCoverage.Problems(policy.With("sqs:PurgeQueue"), performed, Extras), p => p.StartsWith("sqs:PurgeQueue is allowed", StringComparison.Ordinal));
        Assert.Contains(PolicyCoverage.Problems(policy, performed, new Dictionary<string, string>()), p => p.StartsWith("s3:ListBucket is allowed", StringComparison.Ordinal));
    }

    private static string Add(string id) => $$$"""{"type":"add","id":"{{{id}}}","fields":{"title":"t"}}""";
}
