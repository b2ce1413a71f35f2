using System.Runtime.InteropServices;
using GapTools.LocalAws;
using GapTools.LocalAws.Redshift;

// Standalone: dotnet run --project tests/LocalAws -- --urls http://127.0.0.1:4566 [--redshift demo]
StandaloneArguments arguments;
try
{
    arguments = StandaloneArguments.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"LocalAws: {e.Message}{Environment.NewLine}{StandaloneArguments.Usage}");
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(StandaloneArguments.Usage);
    return 0;
}

// Ctrl+C / SIGTERM stop the server and then every throwaway PostgreSQL; during startup they cancel it, so a
// half-started PostgreSQL is stopped and removed too (a SIGKILL is left to PostgresServer's watchdog).
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

try
{
    await using var redshift = await StandaloneRedshift.StartAsync(arguments.RedshiftClusters, arguments.RedshiftBackend, stop.Token);
    await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Port = arguments.Port, LogRequests = arguments.Verbose }, stop.Token);
    redshift.Attach(server, arguments.RedshiftCopyCost);
    Console.WriteLine($"LocalAws listening on {server.ServiceUrl} (access key 'test', secret 'test'); Ctrl+C to stop.");
    foreach (var line in redshift.Describe(server.ServiceUrl))
    {
        Console.WriteLine(line);
    }

    await server.WaitForShutdownAsync(stop.Token);
    Console.WriteLine("LocalAws stopping.");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("LocalAws: stopped before it was ready.");
    return 1;
}
catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or PlatformNotSupportedException)
{
    await Console.Error.WriteLineAsync($"LocalAws: {e.Message}");
    return 1;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
