using System.Globalization;

namespace GapTools.Testing;

/// <summary>
/// Identifies the process that owns a throwaway cluster: its pid plus the kernel's start time for that pid, so a
/// recycled pid is not mistaken for a live owner.
/// </summary>
internal sealed record ClusterOwner(int ProcessId, long StartTicks)
{
    public const string FileName = "owner";

    public static ClusterOwner Current()
    {
        var pid = Environment.ProcessId;
        return new ClusterOwner(pid, ReadStartTicks(pid) ?? 0);
    }

    public bool IsAlive() => ReadStartTicks(ProcessId) is { } ticks && ticks == StartTicks;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ProcessId} {StartTicks}");

    public static ClusterOwner? Parse(string text)
    {
        var parts = text.Trim().Split(' ');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ClusterOwner(pid, ticks)
            : null;
    }

    /// <summary>Field 22 (starttime) of /proc/&lt;pid&gt;/stat; the command name before it may contain spaces.</summary>
    internal static long? ParseStartTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ") " come fields 3.. ; starttime is field 22, i.e. index 19 here.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
    }

    private static long? ReadStartTicks(int pid)
    {
        try
        {
            return ParseStartTicks(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (IOException)
        {
            return null; // no such process
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
