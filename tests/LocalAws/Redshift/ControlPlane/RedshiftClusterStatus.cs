namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>
/// <c>ClusterStatus</c> values a test may set (any string is accepted; these are the ones S3ToRedshift reacts to).
/// https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-mgmt-cluster-status
/// </summary>
public static class RedshiftClusterStatus
{
    public const string Available = "available";
    public const string Modifying = "modifying";
    public const string Rebooting = "rebooting";
    public const string Paused = "paused";
    public const string Resizing = "resizing";

    /// <summary>The coarser <c>ClusterAvailabilityStatus</c> Redshift reports next to the status.</summary>
    public static string AvailabilityOf(string status) => status switch
    {
        Available => "Available",
        Modifying or Resizing => "Modifying",
        Rebooting or "renaming" or "rotating-keys" => "Maintenance",
        "hardware-failure" or "incompatible-hsm" or "incompatible-network" or "incompatible-parameters" or "incompatible-restore" => "Failed",
        _ => "Unavailable",
    };
}
