using GapTools.LocalAws.S3;

namespace GapTools.LocalAws;

public sealed partial class LocalAwsState
{
    private S3Store? s3;

    /// <summary>The S3 emulator's buckets and objects; set <see cref="S3Store.NotificationSink"/> to deliver events.</summary>
    public S3Store S3 => LazyInitializer.EnsureInitialized(ref s3, () => new S3Store(Time));
}
