using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// Request parameters read the same way from both SQS protocols. Names are the JSON member names; the query
/// protocol's flattened names (<c>Attribute.1.Name</c>, <c>SendMessageBatchRequestEntry.2.Id</c>) are passed
/// alongside where they differ.
/// </summary>
internal interface ISqsInput
{
    string? String(string name);

    int? Int(string name);

    IReadOnlyList<string> Strings(string name, string queryMember);

    IReadOnlyDictionary<string, string> StringMap(string name, string queryEntry, string queryKey = "Name", string queryValue = "Value");

    IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes(string name, string queryEntry);

    IReadOnlyList<ISqsInput> Entries(string name, string queryEntry);
}

internal static class SqsInputExtensions
{
    public static string Required(this ISqsInput input, string name) =>
        input.String(name) is { Length: > 0 } value ? value : throw SqsErrors.MissingParameter(name);

    public static SqsException NotAnInteger(string name, string? value) =>
        SqsErrors.InvalidParameterValue(name, value ?? "null", "Must be an integer.");

    /// <summary>Blobs travel base64-encoded in both protocols.</summary>
    public static byte[]? Binary(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameterValue("BinaryValue", base64, "Binary values must be base64-encoded.");
        }
    }
}

/// <summary>The JSON 1.0 protocol: members of the body object (blobs base64).</summary>
internal sealed class SqsJsonInput(JsonObject body) : ISqsInput
{
    public string? String(string name) => body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public int? Int(string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        var other => throw SqsInputExtensions.NotAnInteger(name, other.ToJsonString()),
    };

    public IReadOnlyList<string> Strings(string name, string queryMember) =>
        body[name] is JsonArray array ? array.Select(Text).ToList() : [];

    public IReadOnlyDictionary<string, string> StringMap(string name, string queryEntry, string queryKey = "Name", string queryValue = "Value") =>
        body[name] is JsonObject map
            ? map.ToDictionary(p => p.Key, p => Text(p.Value), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes(string name, string queryEntry) =>
        body[name] is JsonObject map
            ? map.ToDictionary(p => p.Key, p => Attribute(p.Value as JsonObject ?? []), StringComparer.Ordinal)
            : new Dictionary<string, SqsMessageAttribute>();

    public IReadOnlyList<ISqsInput> Entries(string name, string queryEntry) =>
        body[name] is JsonArray array ? array.Select(n => (ISqsInput)new SqsJsonInput(n as JsonObject ?? [])).ToList() : [];

    // Lenient like the service: a number where a string belongs is read as its text, not a server error.
    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static SqsMessageAttribute Attribute(JsonObject value)
    {
        var input = new SqsJsonInput(value);
        return new SqsMessageAttribute(input.String("DataType") ?? "", input.String("StringValue"), SqsInputExtensions.Binary(input.String("BinaryValue")));
    }
}

/// <summary>The query protocol: form parameters, lists and maps flattened as <c>Member.N</c>.</summary>
internal sealed class SqsQueryInput(NameValueCollection form, string prefix = "") : ISqsInput
{
    public string? String(string name) => form[prefix + name];

    public int? Int(string name) => String(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        var text => throw SqsInputExtensions.NotAnInteger(name, text),
    };

    public IReadOnlyList<string> Strings(string name, string queryMember) => Indexed(queryMember).Select(p => form[p]!).ToList();

    public IReadOnlyDictionary<string, string> StringMap(string name, string queryEntry, string queryKey = "Name", string queryValue = "Value") =>
        LastWins(Indexed(queryEntry, $".{queryKey}")
            .Select(p => p[..^(queryKey.Length + 1)])
            .Select(p => KeyValuePair.Create(form[$"{p}.{queryKey}"]!, form[$"{p}.{queryValue}"] ?? "")));

    public IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes(string name, string queryEntry) =>
        LastWins(Indexed(queryEntry, ".Name")
            .Select(p => p[..^".Name".Length])
            .Select(p => KeyValuePair.Create(
                form[$"{p}.Name"]!,
                new SqsMessageAttribute(form[$"{p}.Value.DataType"] ?? "", form[$"{p}.Value.StringValue"], SqsInputExtensions.Binary(form[$"{p}.Value.BinaryValue"])))));

    public IReadOnlyList<ISqsInput> Entries(string name, string queryEntry)
    {
        var entries = new List<ISqsInput>();
        for (var i = 1; form.AllKeys.Any(k => k?.StartsWith($"{prefix}{queryEntry}.{i}.", StringComparison.Ordinal) == true); i++)
        {
            entries.Add(new SqsQueryInput(form, $"{prefix}{queryEntry}.{i}."));
        }

        return entries;
    }

    private static Dictionary<string, T> LastWins<T>(IEnumerable<KeyValuePair<string, T>> pairs)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }

    // Keys prefix+member.1+suffix, prefix+member.2+suffix, … up to the first gap.
    private IEnumerable<string> Indexed(string member, string suffix = "")
    {
        for (var i = 1; form[$"{prefix}{member}.{i}{suffix}"] is not null; i++)
        {
            yield return $"{prefix}{member}.{i}{suffix}";
        }
    }
}
