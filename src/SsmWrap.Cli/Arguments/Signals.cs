using GapTools.SsmWrap.Cli.Native;

namespace GapTools.SsmWrap.Cli.Arguments;

/// <summary>Signal names for -refresh-signal.</summary>
internal static class Signals
{
    private static readonly (string Name, int Number)[] RefreshSignals =
        [("HUP", LibC.SIGHUP), ("USR1", LibC.SIGUSR1), ("USR2", LibC.SIGUSR2)];

    public static int ParseRefreshSignal(string text)
    {
        var name = text.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        foreach (var (candidate, number) in RefreshSignals)
        {
            if (candidate.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return number;
            }
        }

        throw new FormatException($"'{text}' is not a refresh signal (SIGHUP, SIGUSR1 or SIGUSR2)");
    }

    public static string Name(int signal) => signal switch
    {
        LibC.SIGHUP => "SIGHUP",
        LibC.SIGINT => "SIGINT",
        LibC.SIGQUIT => "SIGQUIT",
        LibC.SIGKILL => "SIGKILL",
        LibC.SIGUSR1 => "SIGUSR1",
        LibC.SIGUSR2 => "SIGUSR2",
        LibC.SIGTERM => "SIGTERM",
        _ => "signal " + signal,
    };
}
