using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.Lambda;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// The NativeAOT <c>s3-to-redshift</c> binary as a Lambda custom runtime (<c>bootstrap</c>), driven through LocalAws's
/// Runtime API with events built from the notifications S3 really sent: partial batch failures, the load log on a
/// redelivery, direct S3 and EventBridge events, the deadline margin and an init error.
/// </summary>
public sealed class LambdaFunctionTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_sqs_batch_loads_the_good_objects_in_one_copy_and_names_only_the_record_for_a_missing_table()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1, 2);
        await world.PutAsync("data/b.json", 3);
        await world.PutAsync("missing/c.json", 4);
        var messages = await ReceiveAsync(world, 3);
        var missing = messages.Single(m => m.Body.Contains("missing/c.json", StringComparison.Ordinal));
        using var function = await StartFunctionAsync(world, MissingTableRoute);

        var result = await world.Server.Lambda.InvokeAsync(SqsEvent(world, messages), TimeSpan.FromSeconds(60), Ct);

        Assert.False(result.IsError, result.Body + "\n" + function.Output);
        Assert.Equal([missing.MessageId], FailedIds(result));
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(DISTINCT batch_id) FROM gaptools_load_log")); // one COPY for both
        // The function logs before it answers, but its output reaches us through a pipe: wait for the line.
        await Eventually.TrueAsync(() => function.Output.Contains("missing_table", StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => function.Output);

        // The same good record again (SQS delivers at least once): the load log makes it a skip.
        var again = messages.Where(m => m.Body.Contains("data/a.json", StringComparison.Ordinal)).ToList();
        var redelivered = await world.Server.Lambda.InvokeAsync(SqsEvent(world, again, receiveCount: 2), TimeSpan.FromSeconds(60), Ct);

        Assert.Empty(FailedIds(redelivered));
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        function.Terminate();
        Assert.Equal(0, await function.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_direct_s3_event_and_an_eventbridge_event_load_their_objects_and_a_failure_fails_the_invocation()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/direct.json", 1, 2);
        await world.PutAsync("missing/direct.json", 3);
        var messages = await ReceiveAsync(world, 2);
        using var function = await StartFunctionAsync(world, MissingTableRoute);

        // An S3 → Lambda trigger hands the notification itself, the very document S3 put on the queue.
        var direct = await world.Server.Lambda.InvokeAsync(messages.Single(m => m.Body.Contains("data/direct.json", StringComparison.Ordinal)).Body, TimeSpan.FromSeconds(60), Ct);
        Assert.False(direct.IsError, direct.Body + "\n" + function.Output);
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));

        await world.PutAsync("data/bridge.json", 7);
        var size = (await world.S3.GetObjectMetadataAsync(WorkerHarness.Bucket, "data/bridge.json", Ct)).ContentLength;
        var bridge = await world.Server.Lambda.InvokeAsync(EventBridgeEvent(WorkerHarness.Bucket, "data/bridge.json", size), TimeSpan.FromSeconds(60), Ct);
        Assert.False(bridge.IsError, bridge.Body + "\n" + function.Output);
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM public.events WHERE id = 7"));

        var failed = await world.Server.Lambda.InvokeAsync(messages.Single(m => m.Body.Contains("missing/direct.json", StringComparison.Ordinal)).Body, TimeSpan.FromSeconds(60), Ct);
        Assert.True(failed.IsError, failed.Body);
        Assert.Equal("S3ToRedshift.NotProcessed", failed.ErrorType);
        Assert.Contains("missing/direct.json", failed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(world.AdminPassword, function.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_arriving_with_less_time_left_than_the_margin_are_all_failures_and_nothing_loads()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/late.json", 1);
        var messages = await ReceiveAsync(world, 1);
        using var function = await StartFunctionAsync(world, new Dictionary<string, string> { ["S3ToRedshift__Lambda__DeadlineMargin"] = "00:00:20" });

        var result = await world.Server.Lambda.InvokeAsync(SqsEvent(world, messages), TimeSpan.FromSeconds(15), Ct);

        Assert.False(result.IsError, result.Body + "\n" + function.Output);
        Assert.Equal([messages[0].MessageId], FailedIds(result));
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        await Eventually.TrueAsync(() => function.Output.Contains("DeadlineMargin", StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => function.Output);
    }

    [Fact]
    public async Task The_redshift_password_comes_from_an_ssm_securestring_named_by_an_SSMWRAP_ENV_rule_at_init()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        world.Server.State.Ssm.Put("/gaptools/test/redshift-password", world.AdminPassword, "SecureString");
        await world.PutAsync("data/secret.json", 1);
        var messages = await ReceiveAsync(world, 1);
        var credentials = world.Server.AwsCredentials.GetCredentials();
        using var function = await StartFunctionAsync(world, new Dictionary<string, string>
        {
            ["S3ToRedshift__Redshift__Password"] = "",   // not in the function's environment
            ["SSMWRAP_ENV"] = "path=/gaptools/test/redshift-password,to=S3ToRedshift__Redshift__Password",
            ["AWS_ENDPOINT_URL"] = world.Server.ServiceUrl.ToString(),
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretKey,
        });

        var result = await world.Server.Lambda.InvokeAsync(SqsEvent(world, messages), TimeSpan.FromSeconds(60), Ct);

        Assert.False(result.IsError, result.Body + "\n" + function.Output);
        Assert.Empty(FailedIds(result));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(1, world.Server.Requests.Count("ssm", "GetParameter") + world.Server.Requests.Count("ssm", "GetParameters"));
        Assert.DoesNotContain(world.AdminPassword, function.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_is_posted_to_init_error_naming_the_key_and_the_process_exits_1()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var settings = new Dictionary<string, string> { ["S3ToRedshift__Targets__0__Table"] = "" };
        using var function = await StartFunctionAsync(world, settings);

        var init = await world.Server.Lambda.InitError.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal("S3ToRedshift.ConfigurationError", init.ErrorType);
        Assert.Contains("S3ToRedshift:Targets:0:Table", init.Body, StringComparison.Ordinal);
        Assert.Equal(1, await function.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("   at ", function.Output, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain(world.AdminPassword, init.Body + function.Output, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> MissingTableRoute = new()
    {
        ["S3ToRedshift__Targets__1__Bucket"] = WorkerHarness.Bucket,
        ["S3ToRedshift__Targets__1__KeyPrefix"] = "missing/",
        ["S3ToRedshift__Targets__1__Schema"] = "public",
        ["S3ToRedshift__Targets__1__Table"] = "missing_table",
    };

    // The real bootstrap: the NativeAOT binary, the world's settings as the function's environment variables.
    private static async Task<ToolProcess> StartFunctionAsync(WorkerHarness world, IReadOnlyDictionary<string, string> extra)
    {
        var bootstrap = await NativeTool.GetAsync("S3ToRedshift.Cli", "s3-to-redshift", Ct);
        var environment = world.Settings()
            .Where(kv => kv.Value is not null && !kv.Key.StartsWith("S3ToRedshift:Sqs", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        environment["AWS_LAMBDA_RUNTIME_API"] = world.Server.RuntimeApiAddress;
        return ToolProcess.StartNative(bootstrap, environment);
    }

    private static Task<List<Message>> ReceiveAsync(WorkerHarness world, int count) =>
        world.Server.ReceiveObjectCreatedAsync(WorkerHarness.Queue, count, Ct);

    // An EventBridge "Object Created" event as an EventBridge rule delivers it to a function.
    private static string EventBridgeEvent(string bucket, string key, long size) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = "17793124-05d4-b198-2fde-7ededc63b103",
        ["detail-type"] = "Object Created",
        ["source"] = "aws.s3",
        ["account"] = "123456789012",
        ["time"] = "2026-12-01T00:00:00Z",
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray($"arn:aws:s3:::{bucket}"),
        ["detail"] = new JsonObject
        {
            ["version"] = "0",
            ["bucket"] = new JsonObject { ["name"] = bucket },
            ["object"] = new JsonObject { ["key"] = key, ["size"] = size, ["sequencer"] = "00617F08299329D189" },
            ["request-id"] = "N4N7GDK58NMKJ12R",
            ["requester"] = "123456789012",
            ["reason"] = "PutObject",
        },
    }.ToJsonString();

    private static string SqsEvent(WorkerHarness world, IEnumerable<Message> messages, int receiveCount = 1) =>
        LambdaEvents.SqsBatch(messages, world.Server.State.Sqs.QueueArn(WorkerHarness.Queue), receiveCount);

    private static IReadOnlyList<string> FailedIds(LambdaInvocationResult result) => result.BatchItemFailures;
}
