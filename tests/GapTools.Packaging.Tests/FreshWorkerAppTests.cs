using System.Diagnostics;
using GapTools.Packaging.Tests.Support;
using GapTools.Testing;

namespace GapTools.Packaging.Tests;

/// <summary>
/// A user's first hour: <c>dotnet new worker</c>, add the packages, two lines in Program.cs, build, run. The app runs
/// as its own process against LocalAws and the Redshift stand-in, configured by environment variables only, and is
/// stopped the way ECS, systemd and Kubernetes stop it.
/// </summary>
public sealed class FreshWorkerAppTests(PackedFeed feed, PostgresFixture postgres)
{
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private static (FreshWorkerApp App, CommandResult Build)? built;

    /// <summary>The app, created and built once for this class's tests.</summary>
    private async Task<(FreshWorkerApp App, CommandResult Build)> BuiltAsync(CancellationToken ct)
    {
        feed.EnsurePacked();
        await BuildGate.WaitAsync(ct);
        try
        {
            if (built is null)
            {
                var app = await FreshWorkerApp.CreateAsync(feed, "run", ct);
                built = (app, await app.BuildAsync(ct));
            }

            return built.Value;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    private static void AssertBuiltWithoutWarnings(FreshWorkerApp app, CommandResult build)
    {
        Assert.True(build.ExitCode == 0, $"The fresh worker app (template pins Microsoft.Extensions.Hosting {app.TemplateHostingVersion}) did not build. {build.Describe()}");
        var warnings = FreshWorkerApp.Diagnostics(build, "warning");
        Assert.True(warnings.Count == 0, $"Restore/build of the fresh worker app warned:{Environment.NewLine}{string.Join(Environment.NewLine, warnings)}{Environment.NewLine}{build.Describe()}");
        foreach (var code in new[] { "NU1605", "NU1603", "NU1608", "NU1701" })
        {
            Assert.False(build.Output.Contains(code, StringComparison.Ordinal), $"{code} in restore/build output. {build.Describe()}");
        }

        Assert.True(File.Exists(app.AssemblyPath), $"No {app.AssemblyPath}. {build.Describe()}");
    }

    [Fact(Timeout = 600_000)]
    public async Task A_fresh_worker_app_restores_and_builds_from_the_packages_without_a_warning()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, build) = await BuiltAsync(ct);
        AssertBuiltWithoutWarnings(app, build);
        TestContext.Current.TestOutputHelper?.WriteLine($"fresh app build: {build.Elapsed.TotalSeconds:0.0} s; template pins Microsoft.Extensions.Hosting {app.TemplateHostingVersion}");

        // The packages lift no Microsoft.Extensions.* package above the app's own pin: the app keeps one coherent
        // 10.0.x stack, the one it chose.
        var resolved = app.ResolvedPackages();
        var pin = System.Version.Parse(app.TemplateHostingVersion);
        var lifted = resolved
            .Where(p => p.Key.StartsWith("Microsoft.Extensions.", StringComparison.OrdinalIgnoreCase) && System.Version.Parse(p.Value.Split('-', 2)[0]) > pin)
            .Select(p => $"{p.Key} {p.Value}")
            .ToList();
        Assert.True(lifted.Count == 0,
            $"Restore lifted above the app's Microsoft.Extensions.Hosting {app.TemplateHostingVersion}: {string.Join(", ", lifted)}{Environment.NewLine}Resolved: {string.Join(", ", resolved.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.Equal(app.TemplateHostingVersion, resolved["Microsoft.Extensions.Hosting"]);
        Assert.All(FreshWorkerApp.ReferencedPackages, id => Assert.Equal(feed.Version, resolved[id]));
    }

    [Fact(Timeout = 600_000)]
    public async Task A_fresh_worker_app_runs_both_tools_from_the_packages_and_stops_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, build) = await BuiltAsync(ct);
        AssertBuiltWithoutWarnings(app, build);
        await using var world = await TwoToolWorld.StartAsync(postgres, ct);

        using var process = Commands.StartLongRunning("dotnet", [app.AssemblyPath], app.OutputDirectory, world.Environment());
        string Output() => $"{Environment.NewLine}--- app output ---{Environment.NewLine}{process.Output}";

        // Objects arrive while the app runs: S3 notifies each tool's queue.
        await world.PutAsync(TwoToolWorld.RedshiftBucket, "data/1.json", Rows(1, 2, 3), ct);
        await world.PutAsync(TwoToolWorld.RedshiftBucket, "data/2.json", Rows(4, 5), ct);
        await world.PutAsync(TwoToolWorld.CloudSearchBucket, "in/a.json", Documents(("m1", "Alien"), ("m2", "Brazil")), ct);
        await world.PutAsync(TwoToolWorld.CloudSearchBucket, "in/b.json", Documents(("m3", "Casablanca")), ct);

        long rows = 0;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"The app exited before doing the work.{Output()}");
            rows = await world.ScalarAsync("SELECT count(*) FROM public.events", ct);
            if (rows >= 5 && world.Domain.Documents.Count >= 3)
            {
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90),
                $"After 90 s: {rows} of 5 rows in public.events, {world.Domain.Documents.Count} of 3 documents in the domain; " +
                $"queues: {TwoToolWorld.RedshiftQueue} {world.Queue(TwoToolWorld.RedshiftQueue)}, {TwoToolWorld.CloudSearchQueue} {world.Queue(TwoToolWorld.CloudSearchQueue)}.{Output()}");
            await Task.Delay(200, ct);
        }

        var stopping = Stopwatch.StartNew();
        process.Terminate();
        int exitCode;
        try
        {
            // The Generic Host's default stop timeout is 30 s (HostOptions.ShutdownTimeout).
            exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        }
        catch (TimeoutException timeout)
        {
            Assert.Fail($"The app did not exit within 30 s of SIGTERM. {timeout.Message}");
            throw;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"work done {deadline.Elapsed.TotalSeconds:0.0} s after start; stopped {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        Assert.True(exitCode == 0, $"Exit code {exitCode} after SIGTERM (expected 0).{Output()}");

        // Nothing left behind: every message deleted, none in flight, none dead-lettered; each row loaded once.
        foreach (var queue in new[] { TwoToolWorld.RedshiftQueue, TwoToolWorld.RedshiftDeadLetterQueue, TwoToolWorld.CloudSearchQueue })
        {
            var snapshot = world.Queue(queue);
            Assert.True(snapshot.Total == 0, $"Queue {queue} after the stop: {snapshot}.{Output()}");
        }

        Assert.True(5 == await world.ScalarAsync("SELECT count(*) FROM public.events", ct), $"Rows loaded more than once.{Output()}");
        Assert.True(15 == await world.ScalarAsync("SELECT sum(id) FROM public.events", ct), Output());
        Assert.Equal(["m1", "m2", "m3"], world.Domain.Documents.Keys.Order(StringComparer.Ordinal));
    }

    private static string Rows(params int[] ids) => string.Concat(ids.Select(i => $"{{\"id\":{i},\"name\":\"n{i}\"}}\n"));

    private static string Documents(params (string Id, string Title)[] documents) =>
        string.Concat(documents.Select(d => $$$"""{"type":"add","id":"{{{d.Id}}}","fields":{"title":"{{{d.Title}}}"}}""" + "\n"));
}
