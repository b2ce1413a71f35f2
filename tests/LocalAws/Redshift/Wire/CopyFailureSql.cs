using System.Globalization;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// Builds a statement that makes PostgreSQL itself raise an error with a given SQLSTATE and message, so the
/// client's transaction is aborted by the server exactly as a failed COPY aborts it on Redshift.
/// </summary>
internal static class CopyFailureSql
{
    /// <summary>Redshift's SQLSTATE for a failed load ("internal error").</summary>
    public const string LoadFailed = "XX000";

    /// <summary>feature_not_supported: a COPY option the stand-in does not implement.</summary>
    public const string Unsupported = "0A000";

    /// <summary>
    /// <c>DO $tag$ BEGIN RAISE EXCEPTION USING ERRCODE = '…', MESSAGE = '…'; END $tag$</c>; the dollar-quote tag
    /// is chosen so it cannot occur in the body.
    /// </summary>
    public static string Raise(string sqlState, string message, string? detail = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sqlState);
        var body = $"BEGIN RAISE EXCEPTION USING ERRCODE = {Literal(sqlState)}, MESSAGE = {Literal(message)}" +
                   (detail is null ? "" : $", DETAIL = {Literal(detail)}") + "; END";
        var tag = DollarTag(body);
        return $"DO {tag}{body}{tag}";
    }

    /// <summary>A standard-conforming string literal: quotes doubled, backslashes literal, NULs removed.</summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\0", "", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string DollarTag(string body)
    {
        for (var n = 0; ; n++)
        {
            var tag = n == 0 ? "$copy$" : string.Create(CultureInfo.InvariantCulture, $"$copy{n}$");
            if (!body.Contains(tag, StringComparison.Ordinal))
            {
                return tag;
            }
        }
    }
}
