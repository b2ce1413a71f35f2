namespace GapTools.Workers.Sqs;

/// <summary>Some entries of a batch call failed on the service side; thrown inside the retry pipeline so only those are retried.</summary>
internal sealed class SqsBatchEntriesFailedException(IReadOnlyList<SqsBatchFailure> failures)
    : Exception($"{failures.Count} batch entries failed ({string.Join(", ", failures.Select(f => f.Code).Distinct())})")
{
    public IReadOnlyList<SqsBatchFailure> Failures => failures;

    /// <summary>Extra classifier for the pipeline: these failures are transient by construction (SenderFault=false).</summary>
    public static bool? Classify(Exception exception) => exception is SqsBatchEntriesFailedException ? true : null;
}
