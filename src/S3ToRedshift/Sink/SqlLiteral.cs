using System.Globalization;
using System.Text;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// SQL string literals that mean the same text in Redshift and in PostgreSQL. A single quote is doubled. A
/// backslash is an escape character in Redshift literals but not in PostgreSQL's, so it is never written inside
/// quotes: <see cref="Expression"/> spells it <c>CHR(92)</c>, and <see cref="Quote"/> (for places that take only a
/// literal, such as COPY's FROM) rejects it.
/// </summary>
public static class SqlLiteral
{
    private const char Backslash = '\\';

    /// <summary>A plain literal: <c>'it''s'</c>. Throws <see cref="ArgumentException"/> for a backslash or NUL.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains(Backslash, StringComparison.Ordinal))
        {
            throw new ArgumentException("The text contains a backslash, which Redshift and PostgreSQL read differently inside a literal.", nameof(value));
        }

        RejectNul(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// A string expression usable in SELECT/INSERT/WHERE: a plain literal when possible, otherwise literals joined
    /// with <c>CHR(92)</c> for each backslash (<c>'a' || CHR(92) || 'b'</c>). Throws for NUL (not storable in either).
    /// </summary>
    public static string Expression(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RejectNul(value);
        if (!value.Contains(Backslash, StringComparison.Ordinal))
        {
            return Quote(value);
        }

        var parts = value.Split(Backslash);
        var sql = new StringBuilder("(");
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                sql.Append(" || CHR(92) || ");
            }

            sql.Append(Quote(parts[i]));
        }

        return sql.Append(')').ToString();
    }

    /// <summary>A timestamp literal (<c>TIMESTAMP '2024-01-02 03:04:05.678'</c>, UTC, millisecond precision).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        "TIMESTAMP '" + value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "'";

    private static void RejectNul(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The text contains a NUL character, which Redshift and PostgreSQL cannot store.", nameof(value));
        }
    }
}
