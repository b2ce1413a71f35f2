namespace GapTools.LocalAws.S3;

/// <summary>One uploaded part: its bytes and quoted MD5 ETag.</summary>
internal sealed record UploadedPart(int Number, byte[] Data, string ETag);

/// <summary>An open multipart upload: the object-to-be (headers, metadata; no data yet) and its parts.</summary>
internal sealed class MultipartUpload(string uploadId, S3StoredObject template)
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<int, UploadedPart> parts = [];

    public string UploadId { get; } = uploadId;

    public S3StoredObject Template { get; } = template;

    public void SetPart(UploadedPart part)
    {
        lock (gate)
        {
            parts[part.Number] = part;
        }
    }

    public UploadedPart? Part(int number)
    {
        lock (gate)
        {
            return parts.GetValueOrDefault(number);
        }
    }
}
