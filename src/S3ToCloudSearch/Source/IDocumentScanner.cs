namespace GapTools.S3ToCloudSearch.Source;

/// <summary>Finds the next document in a stream of one format.</summary>
internal interface IDocumentScanner
{
    ValueTask<SourceItem> ReadAsync(CancellationToken cancellationToken);
}
