using System.Collections.Concurrent;
using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Tests.Redshift.Fakes;

/// <summary>Answers every COPY from S3 with scripted SQL and records what it was asked.</summary>
internal sealed class FakeCopyRewriter(Func<string, string> rewrite) : ICopyRewriter
{
    public ConcurrentQueue<(string Sql, CopySessionInfo Session)> Calls { get; } = new();

    public bool IsCopyFromS3(string sql) => CopyRewriter.IsCopyFromS3Statement(sql);

    public Task<CopyTranslation> RewriteAsync(string sql, CopySessionInfo session, CancellationToken cancellationToken)
    {
        Calls.Enqueue((sql, session));
        return Task.FromResult(CopyTranslation.NothingRead(rewrite(sql)));
    }
}
