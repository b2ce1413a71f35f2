namespace GapTools.Core.Workers;

/// <summary>
/// The exit code one worker host decided on. Kept per host rather than in <see cref="Environment.ExitCode"/>,
/// which is process-wide and would mix up hosts running side by side (tests, a library embedding two workers).
/// </summary>
public sealed class WorkerExit
{
    public int Code { get; set; }
}
