namespace GapTools.Workers;

/// <summary>Whether a worker can do its job now, and why not: what a readiness probe reports.</summary>
/// <param name="IsReady">True while it consumes its queue and its sink is reachable.</param>
/// <param name="Reason">What it is doing, or why it is not ready (no secrets).</param>
public sealed record WorkerReadiness(bool IsReady, string Reason)
{
    /// <summary>Ready, doing <paramref name="reason"/>.</summary>
    public static WorkerReadiness Ready(string reason) => new(true, reason);

    /// <summary>Not ready because of <paramref name="reason"/>.</summary>
    public static WorkerReadiness NotReady(string reason) => new(false, reason);
}
