using System.Globalization;
using GapTools.SsmWrap.Fetching;
using GapTools.SsmWrap.Targets;

namespace GapTools.SsmWrap.Mapping;

/// <summary>
/// Pure: fetched parameters plus rules give the values to export. Every problem (a missing required parameter,
/// two sources for one name, a value that is not the JSON object <c>json=true</c> asks for) is collected and
/// reported together.
/// </summary>
internal static class ParameterMapper
{
    public static IReadOnlyList<Export> Map(IEnumerable<SsmRule> rules, IReadOnlyDictionary<string, SsmParameter> fetched, KeyFormat format = KeyFormat.Environment)
    {
        var problems = new List<string>();
        var exports = new List<Export>();
        foreach (var rule in rules)
        {
            var selected = Select(rule, fetched, problems);
            if (rule.Destination is EnvDestination { To: { } to } && selected.Count > 1)
            {
                var names = string.Join(", ", selected.Take(3).Select(p => p.Name)) + (selected.Count > 3 ? ", ..." : "");
                problems.Add($"to={to} names one variable, but the path selects {selected.Count} parameters ({names}): {rule}");
                continue;
            }

            exports.AddRange(rule.Destination switch
            {
                FileDestination { Format: FileFormat.Raw } file => selected.Select(p => new Export(FileTargetOf(file), p.Value, p.Name)),
                FileDestination file => [WholeFile(rule, file, selected, problems)],
                _ => selected.SelectMany(p => Variables(p, rule.Selector, rule.Destination.Mapping, format, problems, (rule.Destination as EnvDestination)?.To))
                    .Select(v => new Export(format == KeyFormat.Configuration ? new ConfigurationKeyTarget(v.Name) : new EnvVarTarget(v.Name), v.Value, v.Source)),
            });
        }

        // Environment variables are case-sensitive; IConfiguration keys are not.
        var comparer = format == KeyFormat.Configuration ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var distinct = WithoutCollisions(exports, e => e.Target.Address, e => e.Source, comparer, problems);
        return problems.Count > 0 ? throw new SsmWrapException(problems, isMappingProblem: true) : distinct;
    }

    /// <summary>The names and values one parameter gives under a mapping (named <paramref name="to"/> when given).</summary>
    public static IEnumerable<NamedValue> Variables(SsmParameter parameter, ParameterSelector selector, VariableMapping mapping, KeyFormat format, List<string> problems, string? to = null)
    {
        var segments = VariableNamer.BaseSegments(parameter.Name, selector, mapping, format);
        string Name(IEnumerable<string> more) => to is null
            ? VariableNamer.Compose(segments.Concat(more), mapping, format)
            : VariableNamer.ComposeFrom(to, more, mapping, format);

        if (mapping.Json)
        {
            var leaves = JsonExpander.Expand(parameter.Value);
            if (leaves is null)
            {
                problems.Add($"{parameter.Name}: json=true but its value is not a JSON object");
                return [];
            }

            return leaves.Select(leaf => new NamedValue(Name(leaf.Keys), leaf.Value, $"{parameter.Name} (JSON key {string.Join('.', leaf.Keys)})"));
        }

        var values = new List<NamedValue> { new(Name([]), parameter.Value, parameter.Name) };
        if (parameter.IsStringList && mapping.StringList == StringListMode.Indexed)
        {
            values.AddRange(parameter.Value.Split(',').Select((item, i) =>
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                return new NamedValue(Name([index]), item, $"{parameter.Name}[{index}]");
            }));
        }

        return values;
    }

    private static List<SsmParameter> Select(SsmRule rule, IReadOnlyDictionary<string, SsmParameter> fetched, List<string> problems)
    {
        if (rule.Selector.Depth != SelectorDepth.Exact)
        {
            return [.. fetched.Values.Where(p => rule.Selector.Matches(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal)];
        }

        if (fetched.TryGetValue(rule.Selector.Path, out var parameter))
        {
            return [parameter];
        }

        if (!rule.Optional)
        {
            problems.Add($"parameter {rule.Selector.Path} not found (add optional=true to allow that): {rule}");
        }

        return [];
    }

    private static Export WholeFile(SsmRule rule, FileDestination file, List<SsmParameter> selected, List<string> problems)
    {
        var variables = selected.SelectMany(p => Variables(p, rule.Selector, file.Mapping, KeyFormat.Environment, problems)).ToList();
        if (file.Format == FileFormat.Dotenv)
        {
            // `. file` in sh runs a line whose name is not a shell name as a command: refuse to write one.
            problems.AddRange(variables.Where(v => !VariableNamer.IsShellName(v.Name)).Select(v =>
                $"variable {v.Name} in {file.To} (from {v.Source}) is not a shell name, which a dotenv file needs: add sanitize=true to the rule"));
        }

        var content = FileContent.Render(file.Format, WithoutCollisions(variables, v => "variable " + v.Name + " in " + file.To, v => v.Source, StringComparer.Ordinal, problems));
        return new Export(FileTargetOf(file), content, rule.Selector.ToString());
    }

    private static FileTarget FileTargetOf(FileDestination file) => new(Path.GetFullPath(file.To), file.Mode, file.Uid, file.Gid);

    // One source may reach one name through several rules; two sources for one name are an error naming both.
    private static List<T> WithoutCollisions<T>(List<T> items, Func<T, string> address, Func<T, string> source, StringComparer comparer, List<string> problems)
    {
        var kept = new List<T>();
        foreach (var group in items.GroupBy(address, comparer))
        {
            var sources = group.Select(source).Distinct(StringComparer.Ordinal).ToList();
            if (sources.Count > 1)
            {
                problems.Add($"{group.Key}: {string.Join(" and ", sources)} both map to it");
            }

            kept.Add(group.First());
        }

        return kept;
    }
}
