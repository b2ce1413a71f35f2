using System.Text;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>SQL with the Data API's named parameters replaced by PostgreSQL's positional ones.</summary>
/// <param name="Values">The value of <c>$1</c>, <c>$2</c>, … in order.</param>
internal sealed record BoundSql(string Sql, IReadOnlyList<string> Values);

/// <summary>
/// Turns the Data API's <c>:name</c> placeholders into <c>$1</c>, <c>$2</c>, … so Npgsql sends the SQL unchanged
/// with one text value per placeholder (typed by PostgreSQL from context, as Redshift types them).
/// </summary>
/// <remarks>
/// Placeholders inside string literals, quoted identifiers, dollar-quoted bodies and comments are left alone, and
/// <c>::</c> is a cast. Only names that were supplied are replaced: anything else (an array slice <c>a[1:2]</c>, a
/// typo) reaches the database as written and fails there, as it would on Redshift.
/// </remarks>
internal static class NamedParameters
{
    public static BoundSql Bind(string sql, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return new BoundSql(sql, []);
        }

        var output = new StringBuilder(sql.Length);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            if (sql[i] == ':' && Placeholder(sql, i) is { } name && parameters.TryGetValue(name, out var value))
            {
                if (!positions.TryGetValue(name, out var position))
                {
                    values.Add(value);
                    position = values.Count;
                    positions[name] = position;
                }

                output.Append('$').Append(position);
                i += 1 + name.Length;
                continue;
            }

            var end = SkipToken(sql, i);
            output.Append(sql, i, end - i);
            i = end;
        }

        return new BoundSql(output.ToString(), values);
    }

    /// <summary>The name after a single ':' (the Data API's ParameterName pattern is <c>[0-9a-zA-Z_]+</c>).</summary>
    private static string? Placeholder(string sql, int colon)
    {
        if (colon + 1 < sql.Length && sql[colon + 1] == ':')
        {
            return null;
        }

        var end = colon + 1;
        while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end > colon + 1 ? sql[(colon + 1)..end] : null;
    }

    /// <summary>The end of the lexical unit starting at <paramref name="i"/> that can never hold a placeholder.</summary>
    private static int SkipToken(string sql, int i)
    {
        var c = sql[i];
        return c switch
        {
            ':' when At(sql, i, "::") => i + 2,
            '\'' => SkipString(sql, i, backslashEscapes: false),
            '"' => SkipQuotedIdentifier(sql, i),
            '-' when At(sql, i, "--") => SkipLineComment(sql, i),
            '/' when At(sql, i, "/*") => SkipBlockComment(sql, i),
            '$' when DollarTag(sql, i) is { } tag => SkipDollarQuoted(sql, i, tag),
            _ when char.IsLetter(c) || c == '_' => SkipWord(sql, i),
            _ => i + 1,
        };
    }

    // Identifiers may contain '$' (so "a$b$" is not a dollar quote); E'…' is an escape string with backslashes.
    private static int SkipWord(string sql, int i)
    {
        var end = i;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] is '_' or '$'))
        {
            end++;
        }

        return end - i == 1 && sql[i] is 'e' or 'E' && end < sql.Length && sql[end] == '\''
            ? SkipString(sql, end, backslashEscapes: true)
            : end;
    }

    private static int SkipString(string sql, int quote, bool backslashEscapes)
    {
        var i = quote + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == '\'')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '\'')
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int SkipQuotedIdentifier(string sql, int quote)
    {
        var i = quote + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '"')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '"')
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static int SkipLineComment(string sql, int i)
    {
        var newline = sql.IndexOf('\n', i);
        return newline < 0 ? sql.Length : newline + 1;
    }

    // Block comments nest in PostgreSQL.
    private static int SkipBlockComment(string sql, int i)
    {
        var depth = 0;
        while (i < sql.Length)
        {
            if (At(sql, i, "/*"))
            {
                depth++;
                i += 2;
            }
            else if (At(sql, i, "*/"))
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    /// <summary><c>$$</c> or <c>$tag$</c> at <paramref name="i"/>; <c>$1</c> is a positional parameter, not a tag.</summary>
    private static string? DollarTag(string sql, int i)
    {
        var end = i + 1;
        if (end < sql.Length && (char.IsLetter(sql[end]) || sql[end] == '_'))
        {
            while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }
        }

        return end < sql.Length && sql[end] == '$' ? sql[i..(end + 1)] : null;
    }

    private static int SkipDollarQuoted(string sql, int i, string tag)
    {
        var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
        return close < 0 ? sql.Length : close + tag.Length;
    }

    private static bool At(string sql, int i, string what) => string.CompareOrdinal(sql, i, what, 0, what.Length) == 0;
}
