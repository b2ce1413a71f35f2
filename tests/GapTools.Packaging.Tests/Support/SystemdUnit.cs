namespace GapTools.Packaging.Tests.Support;

/// <summary>
/// A systemd unit file as systemd reads its lines: <c>[Section]</c>, <c>Key=Value</c> (a key may repeat),
/// comments (<c>#</c>, <c>;</c>), continuation lines ending in <c>\</c> joined.
/// </summary>
internal sealed class SystemdUnit
{
    private readonly List<(string Section, string Key, string Value)> entries;

    private SystemdUnit(List<(string, string, string)> entries) => this.entries = entries;

    public static SystemdUnit Load(string path)
    {
        var entries = new List<(string, string, string)>();
        var section = "";
        string? pending = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending is null && (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')))
            {
                continue;
            }

            pending = pending is null ? line : pending + " " + line;
            if (pending.EndsWith('\\'))
            {
                pending = pending[..^1].TrimEnd();
                continue;
            }

            if (pending.StartsWith('['))
            {
                section = pending.Trim('[', ']');
            }
            else
            {
                var equals = pending.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new FormatException($"{path}: not Key=Value: {pending}");
                }

                entries.Add((section, pending[..equals].Trim(), pending[(equals + 1)..].Trim()));
            }

            pending = null;
        }

        return new SystemdUnit(entries);
    }

    /// <summary>The last value of <paramref name="key"/> in <paramref name="section"/> (systemd's rule for single-valued keys), or null.</summary>
    public string? this[string section, string key] => entries.LastOrDefault(e => e.Section == section && e.Key == key).Value;
}
