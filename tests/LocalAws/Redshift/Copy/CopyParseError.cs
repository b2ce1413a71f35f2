namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Why SQL did not parse as a COPY from S3. <see cref="IsNotCopyFromS3"/> means "not ours": pass the SQL to
/// PostgreSQL unchanged. Otherwise the statement must fail with <see cref="Message"/> and <see cref="SqlState"/>.
/// </summary>
internal sealed record CopyParseError(string Message, string SqlState, bool IsNotCopyFromS3 = false)
{
    public const string NotCopyFromS3Message = "not a COPY FROM S3";

    public static readonly CopyParseError NotCopyFromS3 = new(NotCopyFromS3Message, string.Empty, IsNotCopyFromS3: true);

    public static CopyParseError Syntax(SqlToken near) => new($"syntax error at or near {near.Display}", SqlStates.SyntaxError);

    public static CopyParseError Invalid(string message) => new(message, SqlStates.SyntaxError);

    public static CopyParseError Unsupported(string message) => new(message, SqlStates.FeatureNotSupported);
}

/// <summary>SQLSTATE codes the stand-in raises (PostgreSQL's; Redshift uses the same ones).</summary>
internal static class SqlStates
{
    public const string SyntaxError = "42601";
    public const string FeatureNotSupported = "0A000";
    public const string UndefinedTable = "42P01";
    public const string UndefinedColumn = "42703";

    /// <summary>Redshift reports load failures and S3 problems as internal errors.</summary>
    public const string InternalError = "XX000";
}
