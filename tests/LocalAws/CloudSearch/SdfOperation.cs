namespace GapTools.LocalAws.CloudSearch;

/// <summary>
/// One validated add (with the offset and length of its <c>fields</c> object in the batch body) or delete (Fields
/// null) from a Search Data Format batch.
/// </summary>
internal sealed record SdfOperation(string Id, (int Start, int Length)? Fields);
