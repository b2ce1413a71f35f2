using BenchmarkDotNet.Running;
using GapTools.S3ToCloudSearch.Bench;

// `tool [MiB]`: the end-to-end run; anything else goes to BenchmarkDotNet (e.g. --filter '*').
return args.Length > 0 && args[0] == "tool"
    ? await ToolRun.RunAsync(args)
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ConversionBenchmarks).Assembly).Run(args);
    return 0;
}
