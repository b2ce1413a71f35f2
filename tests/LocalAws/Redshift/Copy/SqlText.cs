using System.Text.RegularExpressions;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>Quoting for SQL the stand-in generates or prints.</summary>
internal static partial class SqlText
{
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Always quoted: safe for any name in generated SQL.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quoted only when PostgreSQL would not read it back unchanged (for messages and ToString).</summary>
    public static string DisplayIdentifier(string name) => PlainIdentifier().IsMatch(name) ? name : Identifier(name);

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$")]
    private static partial Regex PlainIdentifier();
}
