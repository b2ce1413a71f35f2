using GapTools.LocalAws;
using GapTools.SsmWrap.Bench;

// Start → fetch → execve /bin/true, for the NativeAOT binary against the JIT build, on LocalAws in this process.
// Run through scripts/bench-ssmwrap.sh, which builds both binaries first.
var options = BenchArguments.Parse(args);
await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions());
Scenario.Seed(server.State.Ssm);
var environment = ChildEnvironment.For(server.ServiceUrl);
Build[] builds = [options.Aot, options.Jit];

Console.WriteLine($"ssmwrap start → fetch → execve /bin/true; LocalAws at {server.ServiceUrl} (in process); " +
    $"{options.Runs} runs per build after {options.Warmup} warm-up, interleaved; {Environment.ProcessorCount} CPUs");
Console.WriteLine($"  {options.Aot.Label}: {options.Aot.Path} ({new FileInfo(options.Aot.Path).Length / 1024.0 / 1024.0:0.0} MiB, self-contained)");
Console.WriteLine($"  {options.Jit.Label}: {options.Jit.Path} (apphost on the shared .NET runtime)");

var measurement = new Measurement(server.Requests, environment, options.Warmup, options.Runs, rssRuns: 5);
var series = Scenario.All.SelectMany(s => measurement.Measure(s, builds)).ToList();
Console.WriteLine();
Console.Write(Report.Table(series));

if (options.Hyperfine is { } hyperfine)
{
    var byPath = Scenario.All[0];
    Console.WriteLine();
    Console.Write(Report.HyperfineTable(byPath, Hyperfine.Run(hyperfine, byPath, builds, environment, server.Requests, options.Warmup, options.Runs)));
}

Console.WriteLine();
Console.WriteLine("wall: spawn to reaped (posix_spawn + waitpid); peak RSS: median of 5 more runs under /usr/bin/time (%M);");
Console.WriteLine("SSM calls: LocalAws's request journal, per timed run.");
