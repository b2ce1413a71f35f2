using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(GapTools.S3ToCloudSearch.Bench.ConversionBenchmarks).Assembly).Run(args);
