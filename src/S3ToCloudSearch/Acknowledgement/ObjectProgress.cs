using GapTools.S3ToCloudSearch.Sink;

namespace GapTools.S3ToCloudSearch.Acknowledgement;

/// <summary>What happened to the documents of one S3 object; belongs to the <see cref="WorkUnit"/> that named it.</summary>
internal sealed class ObjectProgress(WorkUnit unit, string bucket, string key)
{
    private long documents;
    private long uploaded;
    private long invalid;
    private long stripped;

    public WorkUnit Unit { get; } = unit;

    public string Bucket { get; } = bucket;

    public string Key { get; } = key;

    /// <summary>Error lines of this object on their way to the error sink.</summary>
    public ObjectErrors Errors { get; } = new();

    /// <summary>Valid documents handed to a batch.</summary>
    public long Documents => Interlocked.Read(ref documents);

    /// <summary>Documents CloudSearch acknowledged.</summary>
    public long Uploaded => Interlocked.Read(ref uploaded);

    /// <summary>Lines or documents reported as errors (invalid input or rejected by CloudSearch).</summary>
    public long Invalid => Interlocked.Read(ref invalid);

    /// <summary>Characters stripped because XML forbids them.</summary>
    public long Stripped => Interlocked.Read(ref stripped);

    public void DocumentAdded(int strippedCharacters)
    {
        Interlocked.Increment(ref documents);
        Interlocked.Add(ref stripped, strippedCharacters);
        Unit.DocumentAdded();
    }

    /// <summary>An input line that never became a document.</summary>
    public void LineRejected() => Interlocked.Increment(ref invalid);

    public void DocumentsUploaded(int count)
    {
        Interlocked.Add(ref uploaded, count);
        Unit.DocumentsResolved(count);
    }

    /// <summary>A document CloudSearch refused, now reported as an error line.</summary>
    public void DocumentRejected()
    {
        Interlocked.Increment(ref invalid);
        Unit.DocumentsResolved(1);
    }

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
