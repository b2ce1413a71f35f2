namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// Checks the configured COPY format/parameters text (Rin's <c>sql_option</c>). The worker writes the
/// authorization, MANIFEST and REGION clauses itself, so the text may not carry them, and it must be one
/// statement's tail: no <c>;</c> outside quotes, quotes balanced.
/// </summary>
public static class CopyParameters
{
    private static readonly string[] Reserved =
        ["IAM_ROLE", "CREDENTIALS", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN", "MANIFEST", "REGION", "FROM"];

    /// <summary>Returns why <paramref name="parameters"/> cannot be used, or null when it can (null and blank are fine).</summary>
    public static string? Validate(string? parameters)
    {
        if (string.IsNullOrWhiteSpace(parameters))
        {
            return null;
        }

        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inQuote = false;
        foreach (var c in parameters)
        {
            if (c == '\'')
            {
                inQuote = !inQuote;
                Flush();
                continue;
            }

            if (inQuote)
            {
                continue;
            }

            if (c == ';')
            {
                return "contain ';' (one statement only)";
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                word.Append(c);
            }
            else
            {
                Flush();
            }
        }

        if (inQuote)
        {
            return "have an unterminated quote";
        }

        Flush();
        var reserved = words.FirstOrDefault(w => Reserved.Contains(w, StringComparer.OrdinalIgnoreCase));
        return reserved is null
            ? null
            : $"contain {reserved.ToUpperInvariant()}, which the worker writes itself (set Copy:IamRole / Copy:Authorization / Region instead)";

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }
}
