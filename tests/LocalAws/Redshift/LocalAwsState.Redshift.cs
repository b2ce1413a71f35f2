using GapTools.LocalAws.Redshift.ControlPlane;

namespace GapTools.LocalAws;

public sealed partial class LocalAwsState
{
    private RedshiftState? redshift;

    /// <summary>Redshift clusters: each a <see cref="Redshift.Wire.RedshiftWireProxy"/> in front of a real PostgreSQL.</summary>
    public RedshiftState Redshift => LazyInitializer.EnsureInitialized(ref redshift, () =>
        new RedshiftState(this) { ObjectSource = new Redshift.Copy.S3StoreObjectSource(S3) });
}
