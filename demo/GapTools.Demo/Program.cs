using GapTools.Demo;

// bash scripts/demo.sh builds the tools in Release and runs this; it exits 0 when every step held.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C: stop the running step, then still tear everything down.
    e.Cancel = true;
    interrupt.Cancel();
};

return await DemoRun.RunAsync(Console.Out, interrupt.Token);
