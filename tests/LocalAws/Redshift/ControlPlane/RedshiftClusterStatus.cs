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

    /// <summary>
    /// Every <c>ClusterStatus</c> the Redshift API reference documents; the control endpoint
    /// <c>POST /_localaws/redshift/clusters/{id}/status?value=…</c> accepts these (a typo is refused, not reported).
    /// </summary>
    public static IReadOnlyList<string> Documented { get; } =
    [
        Available, "available, prep-for-resize", "available, resize-cleanup", "cancelling-resize", "creating", "deleting",
        "final-snapshot", "hardware-failure", "incompatible-hsm", "incompatible-network", "incompatible-parameters",
        "incompatible-restore", Modifying, Paused, Rebooting, "renaming", Resizing, "rotating-keys", "storage-full", "updating-hsm",
    ];

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
