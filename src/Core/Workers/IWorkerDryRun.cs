namespace GapTools.Core.Workers;

/// <summary>A tool's <c>--dry-run</c>: print the configuration (secrets masked) and what would happen, touch nothing.</summary>
public interface IWorkerDryRun
{
    Task WriteAsync(WorkerInvocation invocation, TextWriter output, CancellationToken cancellationToken);
}
