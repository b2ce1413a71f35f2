using GapTools.S3ToCloudSearch.Sink;

namespace GapTools.S3ToCloudSearch.Acknowledgement;

/// <summary>What happened to the documents of one S3 object; belongs to the <see cref="WorkUnit"/> that named it.</summary>
internal sealed class ObjectProgress(WorkUnit unit, string bucket, string key)
{
    // Enough names to recognise what a producer adds; a key-per-line object must not grow the list without bound.
    private const int MaxIgnoredNames = 20;

    private readonly List<string> ignoredNames = [];
    private long documents;
    private long uploaded;
    private long invalid;
    private long stripped;
    private long replaced;
    private long linesWithIgnored;
    private int moreIgnoredNames;

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

    /// <summary>Invalid UTF-8 bytes and lone surrogates replaced by U+FFFD.</summary>
    public long Replaced => Interlocked.Read(ref replaced);

    /// <summary>Documents indexed without some of their top-level properties (neither id, type nor fields).</summary>
    public long LinesWithIgnoredProperties => Interlocked.Read(ref linesWithIgnored);

    /// <summary>The distinct names of those properties, in the order first seen (at most 20).</summary>
    public IReadOnlyList<string> IgnoredPropertyNames
    {
        get
        {
            lock (ignoredNames)
            {
                return [.. ignoredNames];
            }
        }
    }

    /// <summary>Distinct ignored names beyond those kept in <see cref="IgnoredPropertyNames"/>.</summary>
    public int MoreIgnoredPropertyNames => Volatile.Read(ref moreIgnoredNames);

    public void DocumentAdded(int strippedCharacters, int replacedCharacters = 0)
    {
        Interlocked.Increment(ref documents);
        Interlocked.Add(ref stripped, strippedCharacters);
        Interlocked.Add(ref replaced, replacedCharacters);
        Unit.DocumentAdded();
    }

    /// <summary>A document was indexed without these top-level properties.</summary>
    public void PropertiesIgnored(IReadOnlyList<string> names)
    {
        Interlocked.Increment(ref linesWithIgnored);
        lock (ignoredNames)
        {
            foreach (var name in names)
            {
                if (!ignoredNames.Contains(name))
                {
                    if (ignoredNames.Count < MaxIgnoredNames)
                    {
                        ignoredNames.Add(name);
                    }
                    else
                    {
                        // Counted once per line beyond the cap: the exact number of other names matters less than knowing there are more.
                        moreIgnoredNames++;
                    }
                }
            }
        }
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
