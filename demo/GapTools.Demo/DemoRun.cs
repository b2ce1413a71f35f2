using System.Diagnostics;
using GapTools.Demo.Narration;
using GapTools.Demo.Processes;
using GapTools.Demo.Steps;
using GapTools.Demo.World;

namespace GapTools.Demo;

/// <summary>The five steps in order. Any failure is reported with its step, everything is still stopped, and the exit code is 1.</summary>
internal static class DemoRun
{
    private const int Steps = 5;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var say = new Narrator(output, Steps);
        var clock = Stopwatch.StartNew();
        say.Title("GapTools demo: every tool against a local AWS endpoint and PostgreSQL (nothing leaves 127.0.0.1)");

        DemoWorld? world = null;
        var failed = false;
        try
        {
            say.Step(1, "Start the stand-ins: PostgreSQL, LocalAws, a Redshift cluster");
            world = await StartWorldAsync(say, cancellationToken);

            say.Step(2, "SsmWrap: Parameter Store values into a command's environment, then exec");
            if (Locate(say, "ssmwrap", "src/SsmWrap.Cli") is { } ssmwrap)
            {
                await new SsmWrapStep(world, say).RunAsync(ssmwrap, cancellationToken);
            }

            say.Step(3, "S3ToRedshift: S3 notifications in SQS become COPY loads, exactly once");
            if (Locate(say, "s3-to-redshift", "src/S3ToRedshift.Cli") is { } s3ToRedshift)
            {
                await new S3ToRedshiftStep(world, say).RunAsync(s3ToRedshift, cancellationToken);
            }

            say.Step(4, "S3ToCloudSearch: JSON-lines objects become CloudSearch documents");
            if (Locate(say, "s3-to-cloudsearch", "src/S3ToCloudSearch.Cli") is { } s3ToCloudSearch)
            {
                await new S3ToCloudSearchStep(world, say).RunAsync(s3ToCloudSearch, cancellationToken);
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, report it with its step and still stop everything below.
            failed = true;
            say.Failed(e switch
            {
                DemoFailure => e.Message,
                OperationCanceledException => "interrupted",
                _ => $"{e.GetType().Name}: {e.Message}",
            });
            if (e is not DemoFailure and not OperationCanceledException)
            {
                say.Detail(e.ToString().Replace("\n", "\n      ", StringComparison.Ordinal));
            }
        }

        var failedStep = failed ? say.CurrentStep : 0;
        say.Step(5, "Stop everything");
        if (world is not null)
        {
            failed |= !await StopWorldAsync(world, say);
        }
        else
        {
            say.Ok("nothing was started");
        }

        say.Line();
        if (failed)
        {
            say.Line(failedStep > 0
                ? $"Demo FAILED at step {failedStep} (see FAILED above); everything was stopped. {clock.Elapsed.TotalSeconds:0.0} s"
                : $"Demo FAILED while stopping (see FAILED above). {clock.Elapsed.TotalSeconds:0.0} s");
            return 1;
        }

        say.Line($"Demo finished: every step passed in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    private static async Task<DemoWorld> StartWorldAsync(Narrator say, CancellationToken cancellationToken)
    {
        say.Action("Throwaway PostgreSQL cluster (temp directory, free loopback port), database 'demo'");
        say.Action("LocalAws on a free loopback port: S3, SQS, SSM, CloudSearch and the Redshift APIs over real HTTP + SigV4");
        say.Action($"Redshift cluster '{DemoWorld.ClusterIdentifier}': a wire proxy in front of PostgreSQL that runs COPY … FROM 's3://…'");
        var world = await DemoWorld.StartAsync(cancellationToken);
        say.Table(
        [
            ("PostgreSQL", $"127.0.0.1:{world.Postgres.Port}  (superuser 'postgres', generated password; database '{DemoWorld.DatabaseName}'; data in {world.DataDirectory})"),
            ("LocalAws", $"{world.Aws.ServiceUrl}  (one port for every service; access key 'test', secret 'test')"),
            ("Redshift", $"{world.Cluster.Proxy.Host}:{world.Cluster.Proxy.Port}  (cluster '{world.Cluster.Identifier}', database '{world.Cluster.DatabaseName}')"),
        ]);
        foreach (var (what, port) in new[] { ("PostgreSQL", world.Postgres.Port), ("LocalAws", world.Aws.ServiceUrl.Port), ("Redshift proxy", world.Cluster.Proxy.Port) })
        {
            DemoFailure.Unless(await DemoWorld.IsListeningAsync(port, cancellationToken), $"{what} does not accept connections on 127.0.0.1:{port}");
        }

        say.Ok("all three accept connections on 127.0.0.1");
        return world;
    }

    private static ToolBinary? Locate(Narrator say, string name, string projectDirectory)
    {
        var binary = ToolBinary.Find(name, projectDirectory);
        if (binary is null)
        {
            say.Skipped($"{name} not built yet ({projectDirectory} is not in this checkout)");
        }

        return binary;
    }

    private static async Task<bool> StopWorldAsync(DemoWorld world, Narrator say)
    {
        var postgresPort = world.Postgres.Port;
        var proxyPort = world.Cluster.Proxy.Port;
        var awsPort = world.Aws.ServiceUrl.Port;
        var dataDirectory = world.DataDirectory;
        try
        {
            await world.DisposeAsync();
            foreach (var (what, port) in new[] { ("Redshift proxy", proxyPort), ("LocalAws", awsPort), ("PostgreSQL", postgresPort) })
            {
                DemoFailure.Unless(!await DemoWorld.IsListeningAsync(port, CancellationToken.None), $"{what} still listens on 127.0.0.1:{port}");
            }

            DemoFailure.Unless(!Directory.Exists(dataDirectory), $"the PostgreSQL data directory {dataDirectory} is still there");
            say.Ok($"Redshift proxy, LocalAws and PostgreSQL stopped (ports {proxyPort}, {awsPort}, {postgresPort} refuse connections); " +
                "the PostgreSQL cluster and the demo's work directory were deleted");
            return true;
        }
        catch (Exception e)
        {
            say.Failed($"stopping: {e.Message}");
            return false;
        }
    }
}
