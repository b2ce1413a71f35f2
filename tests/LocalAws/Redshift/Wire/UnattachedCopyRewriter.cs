namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// What a proxy without a cluster attached does with COPY from S3: fail the statement clearly instead of letting
/// PostgreSQL try to open a server-side file named <c>s3://…</c>.
/// </summary>
internal sealed class UnattachedCopyRewriter : ICopyRewriter
{
    public static UnattachedCopyRewriter Instance { get; } = new();

    public bool IsCopyFromS3(string sql) => CopyRewriter.IsCopyFromS3Statement(sql);

    public Task<CopyTranslation> RewriteAsync(string sql, CopySessionInfo session, CancellationToken cancellationToken) =>
        Task.FromResult(CopyTranslation.NothingRead(CopyFailureSql.Raise(
            CopyFailureSql.Unsupported,
            "COPY from S3 needs this proxy to be attached to a LocalAws cluster (RedshiftState.AttachCluster).")));
}
