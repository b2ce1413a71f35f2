namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>The TIMEFORMAT / DATEFORMAT strings the stand-in implements (others fail the statement).</summary>
internal static class CopyValueFormats
{
    public const string Auto = "auto";
    public const string EpochSeconds = "epochsecs";
    public const string EpochMilliseconds = "epochmillisecs";

    /// <summary>Redshift's defaults; PostgreSQL's own input parsing accepts them as they are.</summary>
    public const string DefaultTimeFormat = "YYYY-MM-DD HH:MI:SS";
    public const string DefaultDateFormat = "YYYY-MM-DD";

    public static readonly IReadOnlySet<string> TimeFormats =
        new HashSet<string>([Auto, EpochSeconds, EpochMilliseconds, DefaultTimeFormat], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> DateFormats =
        new HashSet<string>([Auto, DefaultDateFormat], StringComparer.OrdinalIgnoreCase);
}
