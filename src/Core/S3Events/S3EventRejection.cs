namespace GapTools.Core.S3Events;

/// <summary>Part of a message that could not be understood.</summary>
/// <param name="Reason">What is wrong, naming the JSON field (for example <c>Records[1].s3.object.key is missing</c>).</param>
public sealed record S3EventRejection(string Reason);
