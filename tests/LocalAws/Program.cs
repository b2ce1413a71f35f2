using GapTools.LocalAws;

// Standalone: dotnet run --project tests/LocalAws -- --urls http://127.0.0.1:4566
var port = StandaloneArguments.ParsePort(args);
await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Port = port, LogRequests = args.Contains("--verbose") });
Console.WriteLine($"LocalAws listening on {server.ServiceUrl} (access key 'test', secret 'test'); Ctrl+C to stop.");
await server.WaitForShutdownAsync();
