namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>The Data API's StatusString values (PICKED is not used: a statement goes straight to STARTED).</summary>
internal static class StatementStatus
{
    public const string Submitted = "SUBMITTED";
    public const string Started = "STARTED";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Aborted = "ABORTED";

    /// <summary>The ListStatements filter that matches every status.</summary>
    public const string All = "ALL";

    public static readonly IReadOnlyList<string> Filters = ["SUBMITTED", "PICKED", "STARTED", "FINISHED", "ABORTED", "FAILED", "ALL"];

    public static bool IsActive(string status) => status is Submitted or Started;
}
