using System.Text.Json;
using System.Text.RegularExpressions;

namespace GapTools.Testing.Iam;

/// <summary>
/// An identity policy document (<c>Version</c>, <c>Statement</c>) read for the actions it allows. Only what the
/// samples under deploy/ use: <c>Allow</c> statements with <c>Action</c> (a string or a list, <c>*</c>/<c>?</c>
/// wildcards, case-insensitive as IAM compares actions). A <c>Deny</c>, a <c>NotAction</c> or a <c>NotResource</c>
/// is refused rather than half-understood.
/// </summary>
public sealed class IamPolicy
{
    private IamPolicy(IReadOnlyList<IamStatement> statements) => Statements = statements;

    public IReadOnlyList<IamStatement> Statements { get; }

    /// <summary>Every action pattern an Allow statement names, as written.</summary>
    public IEnumerable<string> Actions => Statements.SelectMany(s => s.Actions).Distinct(StringComparer.OrdinalIgnoreCase);

    public static IamPolicy Load(string path) => Parse(File.ReadAllText(path), path);

    public static IamPolicy Parse(string json, string source = "policy")
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("Version", out var version) || version.GetString() != "2012-10-17")
        {
            throw new FormatException($"{source}: Version must be \"2012-10-17\".");
        }

        var statements = root.GetProperty("Statement");
        var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
        return new IamPolicy([.. list.Select(s => IamStatement.From(s, source))]);
    }

    /// <summary>True when an Allow statement matches <paramref name="action"/> (resources are not evaluated).</summary>
    public bool Allows(string action) => Statements.Any(s => s.Allows(action));

    /// <summary>This policy with one more statement allowing <paramref name="action"/> on everything.</summary>
    public IamPolicy With(string action) => new([.. Statements, new IamStatement("Added", [action], ["*"], HasCondition: false)]);

    /// <summary>This policy with <paramref name="action"/> removed from every statement (a statement left empty goes).</summary>
    public IamPolicy Without(string action) => new([.. Statements
        .Select(s => s with { Actions = [.. s.Actions.Where(a => !string.Equals(a, action, StringComparison.OrdinalIgnoreCase))] })
        .Where(s => s.Actions.Count > 0)]);
}

/// <summary>One Allow statement: its Sid, action patterns and resources.</summary>
public sealed record IamStatement(string? Sid, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, bool HasCondition)
{
    internal static IamStatement From(JsonElement statement, string source)
    {
        var sid = statement.TryGetProperty(nameof(Sid), out var s) ? s.GetString() : null;
        var where = $"{source}: statement {sid ?? "(no Sid)"}";
        if (statement.GetProperty("Effect").GetString() != "Allow")
        {
            throw new FormatException($"{where}: only Allow statements are read.");
        }

        foreach (var unsupported in new[] { "NotAction", "NotResource", "Principal" })
        {
            if (statement.TryGetProperty(unsupported, out _))
            {
                throw new FormatException($"{where}: {unsupported} is not read (an identity policy of the samples has none).");
            }
        }

        return new IamStatement(sid, Strings(statement.GetProperty("Action")), Strings(statement.GetProperty("Resource")), statement.TryGetProperty("Condition", out _));
    }

    public bool Allows(string action) => Actions.Any(pattern => Matches(pattern, action));

    private static bool Matches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);

    private static List<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [value.GetString()!];
}
