using GapTools.Testing.Iam;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// deploy/s3-to-redshift's IAM policies against what the real s3-to-redshift process asks AWS for in an end-to-end
/// run (LocalAws's request journal: service and operation of every request, refused ones included): every action
/// performed is allowed, and nothing is allowed that the run did not perform except the documented extras below.
/// The run takes the paths a deployment takes: a good object, bad data (released until the redrive policy moves
/// it), an object deleted before its load, an event no target matches and an unreadable message (both sent to the
/// dead-letter queue), a manifest per batch.
/// </summary>
public sealed class IamPolicyTests(PostgresFixture postgres)
{
    /// <summary>Allowed although the run does not perform them; each with the reason it must stay.</summary>
    private static readonly Dictionary<string, string> WireExtras = new()
    {
        // S3 answers HeadObject of a missing key with 404 only to a caller that may list the bucket, 403 otherwise;
        // the worker settles a 404 as "object gone", a 403 fails the message until the dead-letter queue.
        ["s3:ListBucket"] = "turns a deleted object's HeadObject from 403 into 404",
    };

    private static readonly Dictionary<string, string> DataApiExtras = new(WireExtras)
    {
        // ClusterIdentifier + DbUser: the Data API calls GetClusterCredentials as the caller, so the caller needs it.
        ["redshift:GetClusterCredentials"] = "evaluated by the Data API on the worker's behalf (ClusterIdentifier + DbUser)",
    };

    [Fact]
    public async Task The_wire_policy_allows_exactly_what_an_iam_authenticated_run_does()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var user = "loader_" + Guid.NewGuid().ToString("N")[..8];
        await world.ExecuteAsync($"CREATE ROLE \"IAM:{user}\" LOGIN; GRANT ALL ON SCHEMA public TO \"IAM:{user}\"; GRANT ALL ON public.events TO \"IAM:{user}\"");
        var performed = await RunAsync(world, new Dictionary<string, string?>
        {
            ["S3ToRedshift:Redshift:User"] = user,
            ["S3ToRedshift:Redshift:Password"] = null,
            ["S3ToRedshift:Redshift:IamAuthentication"] = "true",
            ["S3ToRedshift:Redshift:ClusterIdentifier"] = "analytics",
        });

        AssertCovers("iam-policy.json", performed, WireExtras);
    }

    [Fact]
    public async Task The_data_api_policy_allows_exactly_what_a_data_api_run_does()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var performed = await RunAsync(world, new Dictionary<string, string?>
        {
            ["S3ToRedshift:Redshift:Transport"] = "DataApi",
            ["S3ToRedshift:Redshift:ClusterIdentifier"] = "analytics",
            ["S3ToRedshift:Redshift:User"] = new NpgsqlConnectionStringBuilder(world.AdminConnectionString).Username,
            ["S3ToRedshift:Redshift:Host"] = null,
            ["S3ToRedshift:Redshift:Password"] = null,
            ["S3ToRedshift:Redshift:StatementPollInterval"] = "00:00:00.020",
        });

        AssertCovers("iam-policy-data-api.json", performed, DataApiExtras);
    }

    private static void AssertCovers(string file, IReadOnlyList<string> performed, IReadOnlyDictionary<string, string> extras)
    {
        var policy = IamPolicy.Load(Path.Combine(ToolProcess.RepositoryRoot, "deploy", "s3-to-redshift", file));
        var problems = PolicyCoverage.Problems(policy, performed, extras);
        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems)}\nperformed: {string.Join(", ", performed)}");

        // The check can fail: each performed action taken out of the policy is reported, and so is an action the
        // tool never performs added to it, or an extra left undocumented.
        foreach (var action in performed)
        {
            Assert.Contains(PolicyCoverage.Problems(policy.Without(action), performed, extras), p => p.StartsWith(action + " was performed", StringComparison.Ordinal));
        }

        Assert.Contains(PolicyCoverage.Problems(policy.With("sqs:PurgeQueue"), performed, extras), p => p.StartsWith("sqs:PurgeQueue is allowed", StringComparison.Ordinal));

        foreach (var extra in extras.Keys)
        {
            var fewer = extras.Where(e => e.Key != extra).ToDictionary();
            Assert.Contains(PolicyCoverage.Problems(policy, performed, fewer), p => p.StartsWith(extra + " is allowed", StringComparison.Ordinal));
        }
    }

    // Seeds the paths, clears the journal (the test's own setup calls), runs the real process in batch mode and
    // returns the IAM actions of every request it made.
    private static async Task<IReadOnlyList<string>> RunAsync(WorkerHarness world, Dictionary<string, string?> redshift)
    {
        await world.PutAsync("data/good.json", 1, 2);
        await world.PutRawAsync("data/bad.json", "{\"id\":\"x\",\"name\":\"n\"}\n");
        await world.PutAsync("data/gone.json", 3);
        await world.S3.DeleteObjectAsync(WorkerHarness.Bucket, "data/gone.json", TestContext.Current.CancellationToken);
        await world.PutAsync("elsewhere/a.json", 4);
        world.Server.State.Sqs.Send(WorkerHarness.Queue, "not an S3 event");
        world.Server.Requests.Clear();

        var settings = world.Settings();
        foreach (var (key, value) in redshift)
        {
            settings[key] = value;
        }

        var environment = settings.Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        using var tool = CliProcess.Start(environment, "--batch");
        var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(120));

        // The paths were taken: rows loaded, the bad, gone, unmatched and unreadable messages dead-lettered.
        Assert.True(exit == 0, tool.Output);
        Assert.True(2 == await world.ScalarAsync("SELECT count(*) FROM public.events"), tool.Output);
        Assert.True(world.Messages(WorkerHarness.Queue) == 0, tool.Output);
        Assert.True(world.Messages(WorkerHarness.DeadLetterQueue) == 4, tool.Output);
        return [.. world.Server.Requests.Entries.SelectMany(e => IamActions.For(e.Service, e.Operation)).Distinct().Order(StringComparer.Ordinal)];
    }
}
