using BenchmarkDotNet.Running;
using GapTools.S3ToCloudSearch.Bench;

// `tool [MiB]`: the end-to-end run; anything else goes to BenchmarkDotNet (e.g. --filter '*').
// `sqs [small|medium|large]...`: SQS notifications → the tool in --batch mode, against s32cs (PEERS_BIN) or a naive run.
return args.Length > 0 && args[0] == "tool" ? await ToolRun.RunAsync(args)
    : args.Length > 0 && args[0] == "sqs" ? await SqsRun.RunAsync(args)
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ConversionBenchmarks).Assembly).Run(args);
    return 0;
}
