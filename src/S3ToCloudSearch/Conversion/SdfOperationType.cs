namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>The two Search Data Format operations.</summary>
public enum SdfOperationType
{
    /// <summary>Not a valid operation (the line was rejected).</summary>
    None,

    /// <summary><c>{"type":"add","id":…,"fields":{…}}</c>: adds or replaces a document.</summary>
    Add,

    /// <summary><c>{"type":"delete","id":…}</c>: deletes a document.</summary>
    Delete,
}
