namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>Where a <see cref="RedshiftWireProxy"/> forwards its connections.</summary>
public sealed record RedshiftWireProxyOptions
{
    /// <summary>The PostgreSQL server's host (a loopback address in tests).</summary>
    public required string BackendHost { get; init; }

    /// <summary>The PostgreSQL server's TCP port.</summary>
    public required int BackendPort { get; init; }
}
