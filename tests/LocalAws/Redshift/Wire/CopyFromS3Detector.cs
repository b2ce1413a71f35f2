namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// Recognises <c>COPY name [(cols)] FROM 's3://…'</c> by tokens, not by regex, so comments, quoted identifiers and
/// odd spacing do not fool it and a COPY … FROM STDIN of the client's own passes through untouched.
/// </summary>
internal static class CopyFromS3Detector
{
    public static bool IsCopyFromS3(string sql)
    {
        var i = 0;
        if (!Keyword(sql, ref i, "COPY"))
        {
            return false;
        }

        // [schema.]table: one or more identifiers joined by dots.
        do
        {
            if (!Identifier(sql, ref i))
            {
                return false;
            }
        }
        while (Symbol(sql, ref i, '.'));

        if (Symbol(sql, ref i, '(') && !SkipToClosingParenthesis(sql, ref i))
        {
            return false;
        }

        if (!Keyword(sql, ref i, "FROM"))
        {
            return false;
        }

        SkipTrivia(sql, ref i);
        var quote = i < sql.Length && sql[i] == '\'' ? i : i + 1 < sql.Length && sql[i] is 'E' or 'e' && sql[i + 1] == '\'' ? i + 1 : -1;
        return quote >= 0 && string.Compare(sql, quote + 1, "s3://", 0, 5, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private static bool Keyword(string sql, ref int i, string keyword)
    {
        SkipTrivia(sql, ref i);
        var end = i;
        while (end < sql.Length && IsIdentifierChar(sql[end]))
        {
            end++;
        }

        if (end - i != keyword.Length || string.Compare(sql, i, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        i = end;
        return true;
    }

    private static bool Identifier(string sql, ref int i)
    {
        SkipTrivia(sql, ref i);
        if (i >= sql.Length)
        {
            return false;
        }

        if (sql[i] == '"')
        {
            var close = i + 1;
            while (true)
            {
                close = sql.IndexOf('"', close);
                if (close < 0)
                {
                    return false;
                }

                if (close + 1 < sql.Length && sql[close + 1] == '"')
                {
                    close += 2;
                    continue;
                }

                i = close + 1;
                return true;
            }
        }

        var start = i;
        while (i < sql.Length && IsIdentifierChar(sql[i]))
        {
            i++;
        }

        return i > start && !char.IsDigit(sql[start]);
    }

    private static bool Symbol(string sql, ref int i, char symbol)
    {
        var at = i;
        SkipTrivia(sql, ref at);
        if (at < sql.Length && sql[at] == symbol)
        {
            i = at + 1;
            return true;
        }

        return false;
    }

    private static bool SkipToClosingParenthesis(string sql, ref int i)
    {
        while (i < sql.Length)
        {
            SkipTrivia(sql, ref i);
            if (i >= sql.Length)
            {
                return false;
            }

            if (sql[i] == ')')
            {
                i++;
                return true;
            }

            if (sql[i] == '"')
            {
                if (!Identifier(sql, ref i))
                {
                    return false;
                }

                continue;
            }

            i++;
        }

        return false;
    }

    private static void SkipTrivia(string sql, ref int i)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var newline = sql.IndexOf('\n', i);
                i = newline < 0 ? sql.Length : newline + 1;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
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
                        i += 2;
                        if (--depth == 0)
                        {
                            break;
                        }
                    }
                    else
                    {
                        i++;
                    }
                }

                if (depth > 0)
                {
                    i = sql.Length;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
