using System.Globalization;
using System.Text.Json.Nodes;
using GapTools.Packaging.Tests.Support;
using GapTools.Testing;
using GapTools.Testing.Iam;

namespace GapTools.Packaging.Tests;

/// <summary>
/// deploy/&lt;worker&gt;/ecs-task-definition.json holds what a worker on ECS needs: a stop timeout longer than the
/// worker's Worker:ShutdownTimeout, itself at least Sqs:Consumer:ShutdownGrace + 2 s (the rule the worker checks at
/// start); a liveness check through the tool's own <c>health --live</c> at the address Worker:HealthUrls serves;
/// awslogs; ssmwrap as the entry point in front of the binary the image ships; a non-root user; secrets the
/// execution role may read. Read as JSON: whether ECS accepts the document is not proven here.
/// </summary>
public sealed class EcsTaskDefinitionTests
{
    public static TheoryData<string, string> Workers => new()
    {
        { "s3-to-redshift", "S3ToRedshift" },
        { "s3-to-cloudsearch", "S3ToCloudSearch" },
    };

    // What the worker adds to the grace to release what is still in flight (WorkerHost.GraceProblem).
    private static readonly TimeSpan ReleaseAllowance = TimeSpan.FromSeconds(2);

    [Theory]
    [MemberData(nameof(Workers))]
    public void The_stop_timeout_outlasts_the_workers_shutdown_timeout_which_outlasts_its_grace(string tool, string section)
    {
        var container = Container(tool);
        var environment = Environment(container);
        var shutdown = TimeSpan.Parse(environment["GAPTOOLS_Worker__ShutdownTimeout"], CultureInfo.InvariantCulture);
        var grace = TimeSpan.Parse(environment[$"GAPTOOLS_{section}__Sqs__Consumer__ShutdownGrace"], CultureInfo.InvariantCulture);
        var stop = TimeSpan.FromSeconds((int)container["stopTimeout"]!);

        Assert.True(shutdown >= grace + ReleaseAllowance, $"{tool}: Worker:ShutdownTimeout {shutdown} < grace {grace} + {ReleaseAllowance}");
        Assert.True(stop > shutdown, $"{tool}: stopTimeout {stop} does not outlast Worker:ShutdownTimeout {shutdown}");
        Assert.True(stop <= TimeSpan.FromSeconds(120), $"{tool}: stopTimeout {stop} is above ECS's maximum of 120 s");
    }

    [Theory]
    [MemberData(nameof(Workers))]
    public async Task The_health_check_runs_the_tools_health_subcommand_at_the_address_the_worker_serves(string tool, string section)
    {
        _ = section;
        var container = Container(tool);
        var command = container["healthCheck"]!["command"]!.AsArray().Select(n => (string)n!).ToList();
        // --live: ECS replaces a task whose check fails, and a new task would not end a sink outage (readiness would).
        Assert.Equal(["CMD", $"/usr/local/bin/{tool}", "health", "--live", "--url"], command[..5]);
        Assert.Equal(Environment(container)["GAPTOOLS_Worker__HealthUrls"], Assert.Single(command[5..]));
        var flags = await CliFlags.OfAsync(tool, "health");
        Assert.Contains("--url", flags);
        Assert.Contains("--live", flags);
        Assert.True((int)container["healthCheck"]!["startPeriod"]! > 0, $"{tool}: no startPeriod");
    }

    [Theory]
    [MemberData(nameof(Workers))]
    public async Task Ssmwrap_is_the_entry_point_in_front_of_the_worker_with_flags_both_clis_list(string tool, string section)
    {
        var container = Container(tool);
        var entryPoint = container["entryPoint"]!.AsArray().Select(n => (string)n!).ToList();
        var command = container["command"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal("/usr/local/bin/ssmwrap", entryPoint[0]);
        Assert.Equal("--", entryPoint[^1]);
        Assert.Equal($"/usr/local/bin/{tool}", command[0]);

        var ssmwrap = await CliFlags.OfAsync("ssmwrap");
        var worker = await CliFlags.OfAsync(tool);
        Assert.All(entryPoint[1..^1].Where(a => a.StartsWith('-')), a => Assert.Contains(a, ssmwrap));
        Assert.All(command[1..].Where(a => a.StartsWith('-')), a => Assert.Contains(a, worker));

        // The rule loads the tool's own configuration keys from SSM, as GAPTOOLS_ variables.
        Assert.Contains(entryPoint, a => a.Contains($"prefix=GAPTOOLS_{section}__", StringComparison.Ordinal));
        Assert.True((bool)container["linuxParameters"]!["initProcessEnabled"]!, $"{tool}: without an init, ssmwrap needs -init");
    }

    [Theory]
    [MemberData(nameof(Workers))]
    public void Logs_go_to_awslogs_the_user_is_not_root_and_the_execution_role_may_read_every_secret(string tool, string section)
    {
        var container = Container(tool);
        Assert.Equal("awslogs", (string?)container["logConfiguration"]!["logDriver"]);
        var user = (string)container["user"]!;
        Assert.True(user.Split(':')[0] is not ("0" or "root"), $"{tool}: user {user}");

        var execution = IamPolicy.Load(Path.Combine(ToolProcess.RepositoryRoot, "deploy", tool, "ecs-execution-policy.json"));
        foreach (var secret in container["secrets"]?.AsArray() ?? [])
        {
            var name = (string)secret!["name"]!;
            var valueFrom = (string)secret["valueFrom"]!;
            Assert.StartsWith($"GAPTOOLS_{section}__", name, StringComparison.Ordinal);
            Assert.Contains(execution.Statements, s => s.Allows("ssm:GetParameters") && s.Resources.Contains(valueFrom));
        }

        // The image's user (deploy/../Dockerfile USER) is the one the task runs as.
        var dockerfile = Dockerfile.Load(Path.Combine(ToolProcess.RepositoryRoot, "src", CliFlags.Projects[tool], "Dockerfile"));
        Assert.Equal(Assert.Single(dockerfile.FinalStage, i => i.Keyword == "USER").Arguments, user.Split(':')[0]);
    }

    private static JsonNode Container(string tool)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot, "deploy", tool, "ecs-task-definition.json")))!;
        return definition["containerDefinitions"]!.AsArray().Single(c => (string?)c!["name"] == tool)!;
    }

    private static Dictionary<string, string> Environment(JsonNode container) =>
        container["environment"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);
}
