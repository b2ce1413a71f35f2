namespace GapTools.S3ToRedshift.Routing;

/// <summary>The configured fields of a <see cref="RouteRule"/> before validation.</summary>
/// <param name="Bucket">Source bucket.</param>
/// <param name="KeyPrefix">Key prefix, or null.</param>
/// <param name="KeyRegex">Key pattern, or null.</param>
/// <param name="Schema">Schema template, or null.</param>
/// <param name="Table">Table template, or null for discard rules.</param>
/// <param name="CopyParameters">COPY format and parameters, or null.</param>
/// <param name="Region">COPY source region, or null.</param>
/// <param name="Discard">Acknowledge matches without loading.</param>
/// <param name="Break">Stop after this rule matches.</param>
public sealed record RouteRuleSpec(
    string? Bucket,
    string? KeyPrefix = null,
    string? KeyRegex = null,
    string? Schema = null,
    string? Table = null,
    string? CopyParameters = null,
    string? Region = null,
    bool Discard = false,
    bool Break = false);
