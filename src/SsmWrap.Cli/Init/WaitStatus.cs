namespace GapTools.SsmWrap.Cli.Init;

/// <summary>Decodes a waitpid status into a shell-style exit code.</summary>
internal static class WaitStatus
{
    /// <summary>The exit code, or 128 + the signal that killed the process.</summary>
    public static int ExitCode(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }
}
