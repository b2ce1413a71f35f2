using GapTools.S3ToCloudSearch.Acknowledgement;

namespace GapTools.S3ToCloudSearch.Batching;

/// <summary>Where a document in a batch came from, to acknowledge it and to report it if CloudSearch refuses it.</summary>
/// <param name="Line">1-based line of the object where the document starts.</param>
/// <param name="Element">1-based position in a JSON array; 0 for JSON lines.</param>
internal readonly record struct DocumentOrigin(ObjectProgress Object, long Line, long Element);
