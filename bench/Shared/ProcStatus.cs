using System.Globalization;

namespace GapTools.Bench;

/// <summary>A running process's memory and CPU as Linux reports them in /proc (0 / null once it has ended).</summary>
internal static class ProcStatus
{
    /// <summary>A field of /proc/PID/status in bytes, e.g. <c>VmHWM:</c> (peak RSS) or <c>VmRSS:</c>.</summary>
    public static long Bytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0; // the process ended between the check and the read
        }
    }

    /// <summary>Peak RSS (VmHWM) in bytes.</summary>
    public static long PeakRss(int pid) => Bytes(pid, "VmHWM:");

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
    public static TimeSpan? Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
