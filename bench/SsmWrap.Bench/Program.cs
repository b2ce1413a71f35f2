using GapTools.Bench;
using GapTools.LocalAws;
using GapTools.SsmWrap.Bench;

// Start → fetch → execve /bin/true: the NativeAOT binary against the JIT build and, when given, the Go ssmwrap v2.2.0,
// on LocalAws in this process. Run through scripts/bench-ssmwrap.sh, which builds the binaries first.
var options = BenchArguments.Parse(args);
await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions());
Scenario.Seed(server.State.Ssm);
var environment = ChildEnvironment.For(server.ServiceUrl);
Build[] builds = options.Peer is { } peer ? [options.Aot, options.Jit, peer] : [options.Aot, options.Jit];

Console.WriteLine($"ssmwrap start → fetch → execve /bin/true; LocalAws at {server.ServiceUrl} (in process); " +
    $"{options.Runs} runs per build after {options.Warmup} warm-up, interleaved; {Environment.ProcessorCount} CPUs");
Console.WriteLine($"  {options.Aot.Label}: {options.Aot.Path} ({new FileInfo(options.Aot.Path).Length / 1024.0 / 1024.0:0.0} MiB, self-contained)");
Console.WriteLine($"  {options.Jit.Label}: {options.Jit.Path} (apphost on the shared .NET runtime)");
if (options.Peer is { } go)
{
    Console.WriteLine($"  {go.Label}: {go.Path} (handlename/ssmwrap v2.2.0, the Go peer; with no rules it exits 1 at once)");
}

var measurement = new Measurement(server.Requests, environment, options.Warmup, options.Runs, rssRuns: 5);
var series = Scenario.All.SelectMany(s => measurement.Measure(s, builds)).ToList();
Console.WriteLine();
Console.Write(Report.Table(series));

var hyperfine = new Dictionary<Scenario, IReadOnlyList<HyperfineResult>>();
if (options.Hyperfine is { } path)
{
    foreach (var scenario in Scenario.All)
    {
        hyperfine[scenario] = Hyperfine.Run(path, scenario, builds, environment, server.Requests, options.Warmup, options.Runs);
        Console.WriteLine();
        Console.Write(Report.HyperfineTable(scenario, hyperfine[scenario]));
    }
}

Console.WriteLine();
Console.WriteLine("wall: spawn to reaped (posix_spawn + waitpid); peak RSS: median of 5 more runs under /usr/bin/time (%M);");
Console.WriteLine("SSM calls: LocalAws's request journal, per timed run.");
Console.WriteLine();
Summary.Write(series, hyperfine, options.Peer is not null);
