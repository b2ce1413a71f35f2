using System.Runtime.InteropServices;
using System.Threading.Channels;
using GapTools.SsmWrap.Cli.Arguments;
using GapTools.SsmWrap.Cli.Logging;
using GapTools.SsmWrap.Cli.Native;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Init;

/// <summary>
/// <c>-init</c>: ssmwrap stays as the parent (PID 1 in a container). It runs the command as a child, forwards
/// SIGTERM/SIGINT/SIGHUP/SIGQUIT/SIGUSR1/SIGUSR2 to it, reaps every process that ends under it (waitpid(-1);
/// outside PID 1 it becomes a child subreaper so orphans still come to it), and exits with the child's status.
/// With a refresh signal it re-reads the parameters and restarts the child with the new environment.
/// </summary>
internal sealed class InitSupervisor(
    IReadOnlyList<string> command,
    Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> reload,
    int? refreshSignal,
    TimeSpan stopTimeout,
    TimeProvider time,
    ILogger logger)
{
    private static readonly int[] ForwardedSignals = [LibC.SIGTERM, LibC.SIGINT, LibC.SIGHUP, LibC.SIGQUIT, LibC.SIGUSR1, LibC.SIGUSR2];
    private static readonly int[] StoppingSignals = [LibC.SIGTERM, LibC.SIGINT, LibC.SIGQUIT];

    private readonly Channel<InitEvent> _events = Channel.CreateUnbounded<InitEvent>();
    private readonly Channel<int> _childStarted = Channel.CreateUnbounded<int>();

    public async Task<int> RunAsync(IReadOnlyDictionary<string, string> environment)
    {
        if (LibC.getpid() != 1)
        {
            _ = LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        }

        // A parent that ignores a signal (nohup: SIGHUP; a non-interactive shell's background job: SIGINT and
        // SIGQUIT) passes SIG_IGN on through exec, and the runtime then never sees those signals. A supervisor
        // must see every signal it promises to forward, so take them back to the default before registering.
        foreach (var signal in ForwardedSignals)
        {
            _ = LibC.signal(signal, LibC.SIG_DFL);
        }

        var registrations = ForwardedSignals.Select(Register).ToList();
        try
        {
            var child = Start(environment);
            if (child.Pid == 0)
            {
                return child.FailureExitCode;
            }

            new Thread(Reap) { IsBackground = true, Name = "ssmwrap reaper" }.Start();
            return await SuperviseAsync(child.Pid).ConfigureAwait(false);
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    private async Task<int> SuperviseAsync(int child)
    {
        var stopping = false;
        Task? refreshing = null;
        IReadOnlyDictionary<string, string>? restartWith = null;
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (e)
            {
                case InitEvent.Signal { Number: var signal } when signal == refreshSignal && !stopping:
                    var refreshName = Signals.Name(signal);
                    if (refreshing is { IsCompleted: false })
                    {
                        Log.RefreshBusy(logger, refreshName);
                        break;
                    }

                    Log.Refreshing(logger, refreshName);
                    refreshing = RefreshAsync();
                    break;
                case InitEvent.Signal { Number: var signal }:
                    stopping |= StoppingSignals.Contains(signal);
                    var forwardedName = Signals.Name(signal);
                    Log.Forwarding(logger, forwardedName, child);
                    _ = LibC.kill(child, signal);
                    break;
                case InitEvent.Exited { Pid: var pid, Status: var status } when pid == child:
                    var exitCode = WaitStatus.ExitCode(status);
                    Log.ChildExited(logger, pid, exitCode);
                    if (restartWith is null || stopping)
                    {
                        return exitCode;
                    }

                    var next = Start(restartWith);
                    if (next.Pid == 0)
                    {
                        return next.FailureExitCode;
                    }

                    (child, restartWith) = (next.Pid, null);
                    break;
                case InitEvent.Exited { Pid: var pid }:
                    Log.Reaped(logger, pid);
                    break;
                case InitEvent.Refreshed { Environment: var environment } when !stopping:
                    Log.Restarting(logger, child);
                    restartWith = environment;
                    _ = LibC.kill(child, LibC.SIGTERM);
                    _ = NotifyAfterAsync(stopTimeout, new InitEvent.StopTimedOut(child));
                    break;
                case InitEvent.RefreshFailed { Problem: var problem }:
                    Log.RefreshFailed(logger, child, problem);
                    break;
                case InitEvent.StopTimedOut { Pid: var pid } when pid == child && restartWith is not null:
                    var seconds = stopTimeout.TotalSeconds;
                    Log.Killing(logger, pid, seconds);
                    _ = LibC.kill(pid, LibC.SIGKILL);
                    break;
            }
        }

        return 1; // unreachable: the channel is never completed
    }

    private SpawnResult Start(IReadOnlyDictionary<string, string> environment)
    {
        var result = ChildSpawner.Spawn(command, environment);
        if (result.Pid == 0)
        {
            Log.Failed(logger, result.Problem ?? "cannot start the command");
            return result;
        }

        var commandLine = string.Join(' ', command);
        Log.ChildStarted(logger, result.Pid, commandLine);
        _childStarted.Writer.TryWrite(result.Pid);
        return result;
    }

    private async Task RefreshAsync()
    {
        try
        {
            var environment = await reload(CancellationToken.None).ConfigureAwait(false);
            _events.Writer.TryWrite(new InitEvent.Refreshed(environment));
        }
#pragma warning disable CA1031 // Any failure of a refresh must leave the running child alone, not end ssmwrap.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _events.Writer.TryWrite(new InitEvent.RefreshFailed(e.Message));
        }
    }

    private async Task NotifyAfterAsync(TimeSpan delay, InitEvent e)
    {
        await Task.Delay(delay, time).ConfigureAwait(false);
        _events.Writer.TryWrite(e);
    }

    private PosixSignalRegistration Register(int signal) =>
        PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
        {
            context.Cancel = true; // ours to handle: do not let the runtime terminate
            _events.Writer.TryWrite(new InitEvent.Signal(signal));
        });

    // The runtime's own names where it has them; other signals by raw number, which it also accepts.
    private static PosixSignal ToPosixSignal(int signal) => signal switch
    {
        LibC.SIGTERM => PosixSignal.SIGTERM,
        LibC.SIGINT => PosixSignal.SIGINT,
        LibC.SIGHUP => PosixSignal.SIGHUP,
        LibC.SIGQUIT => PosixSignal.SIGQUIT,
        _ => (PosixSignal)signal,
    };

    // Blocks in waitpid(-1) on its own thread: every child and adopted orphan is reaped here, nowhere else.
    private void Reap()
    {
        while (true)
        {
            var pid = LibC.waitpid(-1, out var status, 0);
            if (pid > 0)
            {
                _events.Writer.TryWrite(new InitEvent.Exited(pid, status));
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ECHILD)
            {
                // No children right now (between a restart's exit and start): wait for the next one.
                _ = _childStarted.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            }
            else if (errno != LibC.EINTR)
            {
                return;
            }
        }
    }
}
