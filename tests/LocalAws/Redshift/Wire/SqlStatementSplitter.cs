namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>Where one statement sits in a multi-statement query string (its trailing semicolon excluded).</summary>
internal readonly record struct SqlStatementSpan(int Start, int Length)
{
    public string Of(string sql) => sql.Substring(Start, Length);
}

/// <summary>
/// Splits a simple-query string at top-level semicolons the way PostgreSQL's lexer does: semicolons inside
/// '…' (with '' escapes), E'…' (backslash escapes), "…" identifiers, $tag$…$tag$ bodies, -- and nested /* */
/// comments do not count. Statements that are only whitespace and comments are dropped, as the server drops them
/// (they produce no CommandComplete).
/// </summary>
internal static class SqlStatementSplitter
{
    public static IReadOnlyList<SqlStatementSpan> Split(string sql)
    {
        var statements = new List<SqlStatementSpan>();
        var start = 0;
        var hasContent = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                i = SkipLineComment(sql, i);
                continue;
            }

            if (c == '/' && next == '*')
            {
                i = SkipBlockComment(sql, i);
                continue;
            }

            if (c == ';')
            {
                Add(statements, sql, start, i, hasContent);
                start = i + 1;
                hasContent = false;
                i++;
                continue;
            }

            if (!char.IsWhiteSpace(c))
            {
                hasContent = true;
            }

            i = c switch
            {
                '\'' => SkipQuoted(sql, i, '\'', backslashEscapes: IsEscapeStringPrefix(sql, i)),
                '"' => SkipQuoted(sql, i, '"', backslashEscapes: false),
                '$' when TryReadDollarTag(sql, i) is { } tag => SkipDollarQuoted(sql, i, tag),
                _ => i + 1,
            };
        }

        Add(statements, sql, start, sql.Length, hasContent);
        return statements;
    }

    private static void Add(List<SqlStatementSpan> statements, string sql, int start, int end, bool hasContent)
    {
        if (!hasContent)
        {
            return;
        }

        // Trim surrounding whitespace only; comments stay with the statement that follows them.
        while (start < end && char.IsWhiteSpace(sql[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(sql[end - 1]))
        {
            end--;
        }

        statements.Add(new SqlStatementSpan(start, end - start));
    }

    private static int SkipLineComment(string sql, int i)
    {
        var newline = sql.IndexOf('\n', i);
        return newline < 0 ? sql.Length : newline + 1;
    }

    private static int SkipBlockComment(string sql, int i)
    {
        var depth = 0;
        while (i < sql.Length - 1)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
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

    /// <summary>E'…' / e'…': the E must start a token, not end an identifier such as <c>type'…'</c>.</summary>
    private static bool IsEscapeStringPrefix(string sql, int quote) =>
        quote > 0 && (sql[quote - 1] is 'E' or 'e') && (quote < 2 || !IsIdentifierChar(sql[quote - 2]));

    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
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

    /// <summary>
    /// <c>$tag$</c> or <c>$$</c> opening a dollar-quoted string; null for <c>$1</c> parameters or a <c>$</c>
    /// inside an identifier such as <c>a$b</c>.
    /// </summary>
    private static string? TryReadDollarTag(string sql, int i)
    {
        if (i > 0 && IsIdentifierChar(sql[i - 1]))
        {
            return null;
        }

        var j = i + 1;
        if (j < sql.Length && char.IsDigit(sql[j]))
        {
            return null;
        }

        while (j < sql.Length && IsIdentifierChar(sql[j]) && sql[j] != '$')
        {
            j++;
        }

        return j < sql.Length && sql[j] == '$' ? sql.Substring(i, j - i + 1) : null;
    }

    private static int SkipDollarQuoted(string sql, int i, string tag)
    {
        var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
        return close < 0 ? sql.Length : close + tag.Length;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
