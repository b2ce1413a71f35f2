namespace GapTools.SsmWrap.Cli.Init;

/// <summary>What the supervisor reacts to, one at a time, in arrival order.</summary>
internal abstract record InitEvent
{
    /// <summary>A signal arrived for ssmwrap.</summary>
    public sealed record Signal(int Number) : InitEvent;

    /// <summary>waitpid reaped a process (the child or an orphan).</summary>
    public sealed record Exited(int Pid, int Status) : InitEvent;

    /// <summary>A refresh finished loading; <see cref="Environment"/> is the child's next environment.</summary>
    public sealed record Refreshed(IReadOnlyDictionary<string, string> Environment) : InitEvent
    {
        public override string ToString() => $"Refreshed ({Environment.Count} variables)";
    }

    /// <summary>A refresh failed; the running child keeps its values.</summary>
    public sealed record RefreshFailed(string Problem) : InitEvent;

    /// <summary>The stop timeout of a restarting child ran out.</summary>
    public sealed record StopTimedOut(int Pid) : InitEvent;
}
