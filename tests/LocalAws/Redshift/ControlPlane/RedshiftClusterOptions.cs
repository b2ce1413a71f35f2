using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>How an attached cluster describes itself; database and master user come from the admin connection string.</summary>
public sealed record RedshiftClusterOptions
{
    /// <summary>Defaults to <c>ra3.xlplus</c>.</summary>
    public string NodeType { get; init; } = RedshiftClusterDefaults.NodeType;

    /// <summary>Defaults to 2.</summary>
    public int NumberOfNodes { get; init; } = RedshiftClusterDefaults.NumberOfNodes;

    /// <summary>The initial <c>ClusterStatus</c>; defaults to <c>available</c>.</summary>
    public string Status { get; init; } = RedshiftClusterStatus.Available;

    /// <summary>
    /// What COPY and its commit cost in time (<see cref="CopyCostModel.Typical"/> for benchmarks); defaults to
    /// <see cref="CopyCostModel.None"/>, PostgreSQL's own speed.
    /// </summary>
    public CopyCostModel CopyCost { get; init; } = CopyCostModel.None;
}

/// <summary>Defaults of <see cref="RedshiftClusterOptions"/> and of GetClusterCredentials.</summary>
public static class RedshiftClusterDefaults
{
    public const string NodeType = "ra3.xlplus";
    public const int NumberOfNodes = 2;

    /// <summary>GetClusterCredentials' DurationSeconds default and range (botocore redshift 2012-12-01).</summary>
    public const int DurationSeconds = 900;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 3600;
}
