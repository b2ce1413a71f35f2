using GapTools.LocalAws.Redshift.DataApi;

namespace GapTools.LocalAws;

public sealed partial class LocalAwsState
{
    private RedshiftDataApiState? redshiftData;

    /// <summary>Redshift Data API statements, workgroup mappings and limits (statements run on <see cref="Redshift"/>'s clusters).</summary>
    public RedshiftDataApiState RedshiftData => LazyInitializer.EnsureInitialized(ref redshiftData, () => new RedshiftDataApiState(this));
}
