namespace GapTools.Core.S3Events;

/// <summary>Collects the outcome of parsing one message body.</summary>
internal sealed class S3EventBatchBuilder
{
    private readonly List<S3ObjectCreated> _created = [];
    private readonly List<S3EventIgnored> _ignored = [];
    private readonly List<S3EventRejection> _rejected = [];

    public void Created(S3ObjectCreated created) => _created.Add(created);

    public void Ignored(S3EventIgnored ignored) => _ignored.Add(ignored);

    public void Rejected(string reason) => _rejected.Add(new S3EventRejection(reason));

    public S3EventBatch Build() => new(_created, _ignored, _rejected);
}
