using GapTools.Demo.Narration;

namespace GapTools.Demo.Processes;

/// <summary>Runs a GapTools worker (s3-to-redshift, s3-to-cloudsearch) once in <c>--batch</c> mode and shows its logs.</summary>
internal static class WorkerRun
{
    public static async Task<ChildResult> BatchAsync(
        Narrator say, ToolBinary worker, string configFile, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        CancellationToken cancellationToken)
    {
        string[] args = ["--batch", "--config", configFile];
        say.Detail($"$ {ChildProcess.Display(worker.Path, args)}      # {worker.Kind}; drain the queue, then exit");
        var result = await ChildProcess.RunAsync(worker.Path, args, environment, workingDirectory, cancellationToken);
        say.Detail($"{worker.Name} logged (stderr), exit code {result.ExitCode}:");
        say.Quote(result.Stderr);
        if (result.Stdout.Length > 0)
        {
            say.Detail("stdout:");
            say.Quote(result.Stdout);
        }

        DemoFailure.Unless(result.ExitCode == 0, $"{worker.Name} --batch exited with {result.ExitCode}");
        return result;
    }
}
