using GapTools.Demo.Narration;
using GapTools.Demo.Processes;
using GapTools.Demo.World;

namespace GapTools.Demo.Steps;

internal sealed class S3ToRedshiftStep(DemoWorld world, Narrator say)
{
    public Task RunAsync(ToolBinary binary, CancellationToken cancellationToken) =>
        throw new DemoFailure($"not written yet: {binary} {world.WorkDirectory} {say.CurrentStep} {cancellationToken.IsCancellationRequested}");
}
