using System.Text;

namespace GapTools.S3ToRedshift.Routing;

/// <summary>
/// Redshift identifier rules for names that come from configuration or from object keys. Every name is written
/// as a delimited (double-quoted) identifier, so spaces and punctuation are allowed, but not control characters.
/// </summary>
/// <remarks>
/// Limits: https://docs.aws.amazon.com/redshift/latest/dg/r_names.html (at most 127 bytes of UTF-8; a double
/// quote inside a delimited identifier is written twice). Redshift folds delimited identifiers to lower case
/// unless <c>enable_case_sensitive_identifier</c> is on; names are passed through as given.
/// </remarks>
public static class RedshiftIdentifier
{
    /// <summary>Longest identifier Redshift accepts, in UTF-8 bytes.</summary>
    public const int MaxBytes = 127;

    /// <summary>Returns why <paramref name="name"/> is not a usable identifier, or null when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        if (name.Trim().Length == 0)
        {
            return "is blank";
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxBytes)
        {
            return $"is {bytes} bytes long (Redshift allows {MaxBytes})";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4}";
            }
        }

        return null;
    }

    /// <summary>Quotes a valid name as a delimited identifier (<c>"a""b"</c> for <c>a"b</c>).</summary>
    /// <exception cref="ArgumentException">The name is not valid (see <see cref="Validate"/>).</exception>
    public static string Quote(string name)
    {
        if (Validate(name) is { } problem)
        {
            throw new ArgumentException($"'{name}' is not a valid Redshift identifier: it {problem}.", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
