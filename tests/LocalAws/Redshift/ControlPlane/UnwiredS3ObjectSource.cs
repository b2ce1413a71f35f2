using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>
/// The object source until LocalAws' S3 store is wired to COPY (see README.md): every COPY fails with a clear
/// message instead of loading nothing.
/// </summary>
internal sealed class UnwiredS3ObjectSource : IS3ObjectSource
{
    public static UnwiredS3ObjectSource Instance { get; } = new();

    public Task<IReadOnlyList<S3ObjectInfo>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) => throw Unwired();

    public Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken) => throw Unwired();

    private static RedshiftCopyException Unwired() =>
        new("LocalAws: no S3 object source is wired to Redshift COPY (RedshiftState.ObjectSource).", SqlStates.InternalError);
}
