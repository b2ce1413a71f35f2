using GapTools.Core.Logging;

namespace GapTools.Workers;

/// <summary>What a replay or backfill did: units handed to the handler, objects in them, and each failure.</summary>
public sealed class WorkRunSummary
{
    private readonly List<string> failures = [];

    public int Units { get; private set; }

    public int Objects { get; private set; }

    public IReadOnlyList<string> Failures => failures;

    public bool Succeeded => failures.Count == 0;

    internal void Count(int objects)
    {
        Units++;
        Objects += objects;
    }

    internal void Fail(string failure) => failures.Add(failure);

    public override string ToString() => $"{Counted.Of(Units, "unit")}, {Counted.Of(Objects, "object")}, {failures.Count} failed";
}
