using GapTools.LocalAws.CloudSearch;

namespace GapTools.LocalAws;

public sealed partial class LocalAwsState
{
    private CloudSearchStore? cloudSearch;

    public CloudSearchStore CloudSearch => LazyInitializer.EnsureInitialized(ref cloudSearch, () => new CloudSearchStore());
}
