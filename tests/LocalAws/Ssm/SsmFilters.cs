using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>One <c>ParameterStringFilter</c> (or legacy <c>ParametersFilter</c>) and whether a parameter passes it. Pure.</summary>
internal sealed record SsmFilter(string Key, string Option, IReadOnlyList<string> Values)
{
    /// <summary>Filter keys GetParametersByPath accepts here (AWS also takes <c>tag:…</c>; tags are not emulated).</summary>
    public static readonly string[] ByPathKeys = ["Type", "KeyId", "Label"];

    /// <summary>Filter keys DescribeParameters accepts here.</summary>
    public static readonly string[] DescribeKeys = ["Name", "Type", "KeyId", "Path", "Tier", "DataType", "Label"];

    public bool Matches(SsmParameterVersion p) => Key switch
    {
        "Name" => Values.Any(v => Option == "BeginsWith"
            ? p.Name.StartsWith(v, StringComparison.Ordinal)
            : p.Name == v || p.Name.TrimStart('/') == v.TrimStart('/')),
        "Type" => Values.Contains(p.Type, StringComparer.Ordinal),
        "KeyId" => p.KeyId is { } keyId && Values.Any(v => Option == "BeginsWith" ? keyId.StartsWith(v, StringComparison.Ordinal) : keyId == v),
        "Path" => Values.Any(v => SsmNames.IsUnder(p.Name, SsmNames.NormalizePath(v), Option == "Recursive")),
        "Tier" => Values.Contains(p.Tier, StringComparer.Ordinal),
        "DataType" => Values.Contains(p.DataType, StringComparer.Ordinal),

        // LabelParameterVersion is not emulated, so no parameter carries a label.
        "Label" => false,
        _ => false,
    };

    /// <summary>Reads <c>ParameterFilters</c>; unknown keys and options fail as AWS's InvalidFilterKey / InvalidFilterOption.</summary>
    public static List<SsmFilter> Parse(JsonNode? filters, string[] validKeys)
    {
        var result = new List<SsmFilter>();
        foreach (var node in filters as JsonArray ?? [])
        {
            var filter = node as JsonObject ?? [];
            var key = JsonProtocol.GetString(filter, "Key") ?? "";
            if (!validKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new AwsErrorException("InvalidFilterKey",
                    $"The following filter key is not valid: {key}. Valid filter keys include: [{string.Join(", ", validKeys)}] (tag filters are not emulated by LocalAws).");
            }

            var options = OptionsFor(key);
            var option = JsonProtocol.GetString(filter, "Option") ?? options[0];
            if (!options.Contains(option, StringComparer.Ordinal))
            {
                throw new AwsErrorException("InvalidFilterOption",
                    $"The following filter option is not valid: {option}. Valid options include: [{string.Join(", ", options)}].");
            }

            var values = JsonProtocol.GetStrings(filter, "Values");
            if (values.Count == 0 && key != "Path")
            {
                throw new AwsErrorException("InvalidFilterValue", $"The following filter values are missing : null for filter key {key}.");
            }

            result.Add(new SsmFilter(key, option, values));
        }

        return result;
    }

    /// <summary>Reads the legacy <c>Filters</c> of DescribeParameters (Name is a prefix match, Type and KeyId exact).</summary>
    public static List<SsmFilter> ParseLegacy(JsonNode? filters) =>
        (filters as JsonArray ?? []).Select(node =>
        {
            var filter = node as JsonObject ?? [];
            var key = JsonProtocol.GetString(filter, "Key") ?? "";
            return key is "Name" or "Type" or "KeyId"
                ? new SsmFilter(key, key == "Name" ? "BeginsWith" : "Equals", JsonProtocol.GetStrings(filter, "Values"))
                : throw AwsErrorException.Validation(
                    $"1 validation error detected: Value '{key}' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Name, Type, KeyId]");
        }).ToList();

    private static string[] OptionsFor(string key) => key switch
    {
        "Name" or "KeyId" => ["Equals", "BeginsWith"],
        "Path" => ["OneLevel", "Recursive"],
        _ => ["Equals"],
    };
}
