using GapTools.LocalAws.Ssm;

namespace GapTools.LocalAws;

public sealed partial class LocalAwsState
{
    private SsmStore? ssm;

    /// <summary>SSM Parameter Store (and the Secrets Manager secrets it can reference).</summary>
    public SsmStore Ssm => LazyInitializer.EnsureInitialized(ref ssm, () => new SsmStore(Time));
}
