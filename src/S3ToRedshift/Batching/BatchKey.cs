using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Batching;

/// <summary>What makes objects loadable by one COPY: the same table, COPY parameters and source region.</summary>
/// <param name="Table">Target table.</param>
/// <param name="CopyParameters">Format and parameters, or null.</param>
/// <param name="Region">COPY REGION, or null.</param>
public sealed record BatchKey(QualifiedTableName Table, string? CopyParameters, string? Region)
{
    /// <summary>The key for a routed object.</summary>
    public static BatchKey For(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new BatchKey(target.Table, target.Rule.CopyParameters, target.Rule.Region);
    }

    /// <inheritdoc />
    public override string ToString() => Table.ToString();
}
