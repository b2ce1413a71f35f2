using System.Text;
using System.Text.RegularExpressions;

namespace GapTools.S3ToRedshift.Routing;

/// <summary>
/// One ordered routing rule (Rin's target): a bucket plus a key prefix or regular expression, the schema and
/// table templates the captures expand into, the COPY parameters, and the <c>discard</c>/<c>break</c> flags.
/// Pure: matching and expansion read only their arguments.
/// </summary>
public sealed class RouteRule
{
    /// <summary>How long one key match may take before it counts as no match (guards against runaway patterns).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyDictionary<string, int>? _groups;

    private RouteRule(
        int index,
        string bucket,
        string? keyPrefix,
        Regex? keyRegex,
        IReadOnlyDictionary<string, int>? groups,
        NameTemplate? schema,
        NameTemplate? table,
        string? copyParameters,
        string? region,
        bool discard,
        bool stop,
        string destination)
    {
        Index = index;
        Bucket = bucket;
        KeyPrefix = keyPrefix;
        KeyRegex = keyRegex;
        _groups = groups;
        Schema = schema;
        Table = table;
        CopyParameters = copyParameters;
        Region = region;
        Discard = discard;
        Break = stop;
        Destination = destination;
    }

    /// <summary>Position in the configured list (0-based); names the rule in logs and errors.</summary>
    public int Index { get; }

    /// <summary>Bucket the rule applies to.</summary>
    public string Bucket { get; }

    /// <summary>Key prefix, or null.</summary>
    public string? KeyPrefix { get; }

    /// <summary>Key pattern (unanchored), or null.</summary>
    public Regex? KeyRegex { get; }

    /// <summary>Schema template, or null for an unqualified table.</summary>
    public NameTemplate? Schema { get; }

    /// <summary>Table template; null only for discard rules.</summary>
    public NameTemplate? Table { get; }

    /// <summary>COPY format and parameters (for example <c>JSON 'auto'</c>), or null.</summary>
    public string? CopyParameters { get; }

    /// <summary>Source region for COPY's <c>REGION</c>, or null.</summary>
    public string? Region { get; }

    /// <summary>Matching objects are acknowledged without loading.</summary>
    public bool Discard { get; }

    /// <summary>No later rule is evaluated once this one matches.</summary>
    public bool Break { get; }

    /// <summary>The database as printed in <see cref="ToString"/>, secrets already masked (for example <c>redshift://user:****@host:5439/db</c>).</summary>
    public string Destination { get; }

    /// <summary>
    /// Builds a rule, checking everything that can be checked before the first event: exactly one of prefix and
    /// pattern at most, the pattern compiles, templates parse, references name groups the pattern defines, and
    /// literal names are valid identifiers. <paramref name="errors"/> holds one message per problem.
    /// </summary>
    /// <param name="index">Position in the rule list.</param>
    /// <param name="spec">What the configuration says.</param>
    /// <param name="destination">Database label without secrets, for <see cref="ToString"/>.</param>
    /// <param name="rule">The rule when there are no errors.</param>
    /// <param name="errors">Problems, each naming the field (<c>KeyRegex</c>, <c>Table</c>, ...).</param>
    public static bool TryCreate(int index, RouteRuleSpec spec, string destination, out RouteRule? rule, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(destination);
        var problems = new List<string>();
        rule = null;

        if (string.IsNullOrWhiteSpace(spec.Bucket))
        {
            problems.Add("Bucket is required");
        }

        if (spec.KeyPrefix is not null && spec.KeyRegex is not null)
        {
            problems.Add("set KeyPrefix or KeyRegex, not both");
        }

        Regex? regex = null;
        if (spec.KeyRegex is not null)
        {
            try
            {
                regex = new Regex(FromGoSyntax(spec.KeyRegex), RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException e)
            {
                problems.Add($"KeyRegex does not compile: {e.Message}");
            }
        }

        var groups = regex is null ? null : CaptureGroupNumbers.For(regex);
        var schema = ParseTemplate("Schema", spec.Schema, groups, spec.KeyRegex is not null, problems);
        var table = ParseTemplate("Table", spec.Table, groups, spec.KeyRegex is not null, problems);
        if (table is null && !spec.Discard && spec.Table is null)
        {
            problems.Add("Table is required (unless Discard is set)");
        }

        if (problems.Count == 0)
        {
            rule = new RouteRule(index, spec.Bucket!, spec.KeyPrefix, regex, groups, schema, table, Blank(spec.CopyParameters), Blank(spec.Region), spec.Discard, spec.Break, destination);
        }

        errors = problems;
        return rule is not null;
    }

    /// <summary>
    /// Matches <paramref name="bucket"/>/<paramref name="key"/>. On a match, <paramref name="match"/> carries the
    /// regex match (null for prefix rules) for <see cref="ResolveTable"/>. Capture references number groups
    /// by position like Go (see <see cref="CaptureGroupNumbers"/>).
    /// </summary>
    public bool IsMatch(string bucket, string key, out Match? match)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        match = null;
        if (!string.Equals(bucket, Bucket, StringComparison.Ordinal))
        {
            return false;
        }

        if (KeyRegex is not null)
        {
            try
            {
                match = KeyRegex.Match(key);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }

            return match.Success;
        }

        return KeyPrefix is null || key.StartsWith(KeyPrefix, StringComparison.Ordinal);
    }

    /// <summary>Expands the templates for a match; returns null and an error when an expanded name is not a valid identifier.</summary>
    public QualifiedTableName? ResolveTable(Match? match, out string? error)
    {
        error = null;
        if (Table is null)
        {
            error = "the rule has no table";
            return null;
        }

        var schema = Schema?.Expand(match, _groups);
        var table = Table.Expand(match, _groups);
        if (schema is not null && RedshiftIdentifier.Validate(schema) is { } schemaProblem)
        {
            error = $"schema '{Schema}' expands to '{schema}', which {schemaProblem}";
            return null;
        }

        if (RedshiftIdentifier.Validate(table) is { } tableProblem)
        {
            error = $"table '{Table}' expands to '{table}', which {tableProblem}";
            return null;
        }

        return new QualifiedTableName(schema, table);
    }

    /// <summary>Rin's form: <c>s3://bucket/prefix => redshift://user:****@host:5439/db/schema.table</c>, plus flags.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("s3://").Append(Bucket).Append('/');
        text.Append(KeyRegex is not null ? KeyRegex.ToString() : KeyPrefix);
        text.Append(" => ");
        if (Discard && Table is null)
        {
            text.Append("(discard)");
        }
        else
        {
            text.Append(Destination.TrimEnd('/')).Append('/');
            if (Schema is not null)
            {
                text.Append(Schema.Text).Append('.');
            }

            text.Append(Table?.Text);
            if (Discard)
            {
                text.Append(" (discard)");
            }
        }

        if (Break)
        {
            text.Append(" (break)");
        }

        return text.ToString();
    }

    // Go's RE2 spells named groups (?P<name>...); .NET spells them (?<name>...).
    private static string FromGoSyntax(string pattern) => pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);

    private static NameTemplate? ParseTemplate(string field, string? text, IReadOnlyDictionary<string, int>? groups, bool hasRegex, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (!NameTemplate.TryParse(text, out var template, out var error))
        {
            problems.Add($"{field} '{text}' is not a valid name template: {error}");
            return null;
        }

        if (template!.IsLiteral)
        {
            if (RedshiftIdentifier.Validate(template.Expand(null, null)) is { } problem)
            {
                problems.Add($"{field} '{text}' {problem}");
            }
        }
        else if (!hasRegex)
        {
            problems.Add($"{field} '{text}' refers to capture groups, which only KeyRegex defines");
        }
        else if (groups is not null && template.UndefinedGroups(groups) is { Count: > 0 } missing)
        {
            problems.Add($"{field} '{text}' refers to {string.Join(", ", missing.Select(g => "$" + "{" + g + "}"))}, which KeyRegex does not define");
        }

        return template;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
