using System.Text;

namespace GapTools.LocalAws.Redshift.Copy;

internal enum SqlTokenKind
{
    /// <summary>Unquoted identifier or keyword; <see cref="SqlToken.Text"/> is as written.</summary>
    Word,

    /// <summary>"Double-quoted" identifier; <see cref="SqlToken.Text"/> is unescaped.</summary>
    QuotedIdentifier,

    /// <summary>'String' literal; <see cref="SqlToken.Text"/> is unescaped ('' → ').</summary>
    String,

    Number,

    /// <summary>A single punctuation character such as ( ) , . ;</summary>
    Symbol,

    End,
}

internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>How PostgreSQL would quote the token in a "syntax error at or near" message.</summary>
    public string Display => Kind switch
    {
        SqlTokenKind.End => "end of input",
        SqlTokenKind.String => $"\"'{Text}'\"",
        _ => $"\"{Text}\"",
    };
}

/// <summary>
/// Splits SQL into tokens following PostgreSQL's lexical rules for the parts a COPY uses: '' inside string
/// literals, "" inside quoted identifiers, -- line comments and nested /* */ block comments.
/// </summary>
internal static class SqlTokenizer
{
    /// <summary>All tokens ending with <see cref="SqlTokenKind.End"/>, or null with an error for unterminated literals/comments.</summary>
    public static IReadOnlyList<SqlToken>? Tokenize(string sql, out string? error)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (true)
        {
            i = SkipBlanksAndComments(sql, i, out error);
            if (error is not null)
            {
                return null;
            }

            if (i >= sql.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, sql.Length));
                return tokens;
            }

            var start = i;
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var text = ReadQuoted(sql, ref i, c);
                if (text is null)
                {
                    error = c == '\'' ? "unterminated quoted string" : "unterminated quoted identifier";
                    return null;
                }

                tokens.Add(new SqlToken(c == '\'' ? SqlTokenKind.String : SqlTokenKind.QuotedIdentifier, text, start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], start));
            }
            else if (IsIdentifierStart(c))
            {
                while (i < sql.Length && IsIdentifierPart(sql[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], start));
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), start));
                i++;
            }
        }
    }

    private static int SkipBlanksAndComments(string sql, int i, out string? error)
    {
        error = null;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (At(sql, i, "--"))
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (At(sql, i, "/*"))
            {
                // Block comments nest in PostgreSQL (and Redshift).
                var depth = 0;
                do
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
                    }
                    else
                    {
                        i++;
                    }
                }
                while (depth > 0 && i < sql.Length);

                if (depth > 0)
                {
                    error = "unterminated /* comment";
                    return i;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>Reads a literal opened by <paramref name="quote"/> at <paramref name="i"/>; a doubled quote is one quote.</summary>
    private static string? ReadQuoted(string sql, ref int i, char quote)
    {
        var text = new StringBuilder();
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return text.ToString();
            }

            text.Append(sql[i]);
            i++;
        }

        return null;
    }

    private static bool At(string sql, int i, string what) => string.CompareOrdinal(sql, i, what, 0, what.Length) == 0;

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
