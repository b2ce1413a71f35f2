namespace GapTools.LocalAws.Faults;

/// <summary>Holds the active fault rules and decides, per request, which one (if any) fires.</summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<Entry> rules = [];

    /// <summary>Returns a value in [0, 1); replace it to make rate-based faults deterministic.</summary>
    public Func<double> Randomizer { get; set; } = Random.Shared.NextDouble;

    /// <summary>Adds a rule; returns a handle that removes it when disposed.</summary>
    public IDisposable Add(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Rate, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rule.Rate, 1.0);
        var entry = new Entry(rule);
        lock (gate)
        {
            rules.Add(entry);
        }

        return new Removal(this, entry);
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>How many times rules fired so far.</summary>
    public int Fired
    {
        get
        {
            lock (gate)
            {
                return rules.Sum(r => r.Fired);
            }
        }
    }

    /// <summary>The first enabled matching rule whose roll succeeds and whose count is not used up.</summary>
    public FaultRule? Pick(string service, string operation)
    {
        lock (gate)
        {
            foreach (var entry in rules)
            {
                var rule = entry.Rule;
                if (!rule.Enabled || rule.Service != service || (rule.Operation is not null && rule.Operation != operation))
                {
                    continue;
                }

                if (rule.Count is { } count && entry.Fired >= count)
                {
                    continue;
                }

                if (rule.Rate < 1.0 && Randomizer() >= rule.Rate)
                {
                    continue;
                }

                entry.Fired++;
                return rule;
            }
        }

        return null;
    }

    private void Remove(Entry entry)
    {
        lock (gate)
        {
            rules.Remove(entry);
        }
    }

    private sealed class Entry(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Fired { get; set; }
    }

    private sealed class Removal(FaultInjector owner, Entry entry) : IDisposable
    {
        public void Dispose() => owner.Remove(entry);
    }
}
