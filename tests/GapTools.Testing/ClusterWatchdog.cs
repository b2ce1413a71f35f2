using System.Diagnostics;
using System.Globalization;

namespace GapTools.Testing;

/// <summary>
/// A detached shell that stops the postmaster (SIGQUIT = immediate shutdown) and removes the cluster directory
/// if the owning process dies without disposing the server (killed test runner, crash). It exits by itself once
/// the directory is gone, so a normal dispose needs no extra step.
/// </summary>
internal static class ClusterWatchdog
{
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$1" && [ -d "$3" ]; do sleep 1; done
        [ -d "$3" ] || exit 0
        pm=$(head -n 1 "$2")
        if [ -n "$pm" ]; then
          kill -QUIT "$pm"
          i=0; while kill -0 "$pm" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
        fi
        rm -rf "$3"
        """;

    public static void Start(string root, int ownerProcessId)
    {
        // Its own session, so a signal to the test runner's process group does not take the watchdog with it.
        var useSetsid = File.Exists("/usr/bin/setsid");
        var startInfo = new ProcessStartInfo(useSetsid ? "/usr/bin/setsid" : "/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
        if (useSetsid)
        {
            startInfo.ArgumentList.Add("/bin/sh");
        }

        string[] arguments = ["-c", Script, "gaptools-pg-watchdog", ownerProcessId.ToString(CultureInfo.InvariantCulture), ClusterDirectory.PostmasterPid(root), root];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(startInfo);
    }
}
