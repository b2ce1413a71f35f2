using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>
/// Validates a JSON document batch the way the CloudSearch document service does
/// (https://docs.aws.amazon.com/cloudsearch/latest/developerguide/documents-batch-resource.html).
/// Pure: bytes in, operations or errors out.
/// </summary>
internal static class SdfBatchValidator
{
    /// <summary>Individual documents cannot contain more than 1 MB of data.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>The entire batch cannot exceed 5 MB.</summary>
    public const int MaxBatchBytes = 5 * 1024 * 1024;

    public static (IReadOnlyList<SdfOperation> Operations, IReadOnlyList<string> Errors) Validate(ReadOnlySpan<byte> body)
    {
        var operations = new List<SdfOperation>();
        var errors = new List<string>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return ([], ["The batch must be a JSON array of add and delete operations."]);
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = body[start..((int)reader.BytesConsumed)];
                ValidateDocument(raw, start, index++, operations, errors);
            }

            if (index == 0)
            {
                errors.Add("A batch must contain at least one add or delete operation.");
            }
        }
        catch (JsonException e)
        {
            errors.Add($"The batch is not valid JSON: {e.Message}");
        }

        return (operations, errors);
    }

    private static void ValidateDocument(ReadOnlySpan<byte> raw, int offset, int index, List<SdfOperation> operations, List<string> errors)
    {
        if (raw.Length > MaxDocumentBytes)
        {
            errors.Add($"Document #{index}: size {raw.Length} bytes exceeds the 1 MB document limit.");
            return;
        }

        JsonNode? node;
        try
        {
            // Duplicate names would make JsonObject throw later (a 500); the service answers a document error.
            node = JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            errors.Add($"Document #{index}: {e.Message}");
            return;
        }

        if (node is not JsonObject document)
        {
            errors.Add($"Document #{index}: each operation must be a JSON object.");
            return;
        }

        var id = document["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var s) ? s : null;
        var label = id is null ? $"Document #{index}" : $"Document '{id}' (#{index})";
        var before = errors.Count;
        if (id is null || !SdfRules.IsValidId(id))
        {
            errors.Add($"{label}: id must be 1-128 characters of A-Z a-z 0-9 _ - / # :.");
        }

        foreach (var property in document)
        {
            if (property.Key is not ("id" or "type" or "fields"))
            {
                errors.Add($"{label}: unknown property '{property.Key}'.");
            }
        }

        var type = document["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var t) ? t : null;
        JsonObject? fields = null;
        switch (type)
        {
            case "add":
                fields = ValidateFields(document["fields"], label, errors);
                break;
            case "delete" when document.ContainsKey("fields"):
                errors.Add($"{label}: a delete operation must not have fields.");
                break;
            case "delete":
                break;
            default:
                errors.Add($"{label}: type must be \"add\" or \"delete\".");
                break;
        }

        if (errors.Count == before)
        {
            operations.Add(new SdfOperation(id!, type == "add" && fields is not null ? FieldsRange(raw, offset) : null));
        }
    }

    private static JsonObject? ValidateFields(JsonNode? node, string label, List<string> errors)
    {
        if (node is not JsonObject fields || fields.Count == 0)
        {
            errors.Add($"{label}: an add operation needs a fields object with at least one field.");
            return null;
        }

        foreach (var (name, value) in fields)
        {
            if (!SdfRules.IsValidFieldName(name))
            {
                errors.Add($"{label}: invalid field name '{name}' (must start with a letter; a-z, 0-9, _; at most 64; 'score' is reserved).");
            }

            foreach (var text in FieldStrings(value, name, label, errors))
            {
                if (SdfRules.FirstInvalidXmlChar(text) is { } bad)
                {
                    errors.Add($"{label}: field '{name}' contains an invalid codepoint U+{bad:X4}.");
                }
            }
        }

        return fields;
    }

    // Where the (valid, so present exactly once) "fields" value of a document lies in the batch body.
    private static (int Start, int Length) FieldsRange(ReadOnlySpan<byte> raw, int offset)
    {
        var reader = new Utf8JsonReader(raw);
        reader.Read(); // {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isFields = reader.ValueTextEquals("fields"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isFields)
            {
                return (offset + start, (int)reader.BytesConsumed - start);
            }
        }

        throw new InvalidOperationException("A validated add has no fields.");
    }

    private static IEnumerable<string> FieldStrings(JsonNode? value, string name, string label, List<string> errors)
    {
        switch (value)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonValue v && v.GetValueKind() is JsonValueKind.String)
                    {
                        yield return v.GetValue<string>();
                    }
                    else if (item is not JsonValue { } scalar || scalar.GetValueKind() is not (JsonValueKind.Number))
                    {
                        errors.Add($"{label}: field '{name}' array values must be strings or numbers.");
                    }
                }

                break;
            case JsonValue v when v.GetValueKind() is JsonValueKind.String:
                yield return v.GetValue<string>();
                break;
            case JsonValue v when v.GetValueKind() is JsonValueKind.Number:
                break;
            default:
                errors.Add($"{label}: field '{name}' must be a string, a number or an array of them.");
                break;
        }
    }

    public static string Describe(IReadOnlyList<string> errors) => new StringBuilder()
        .Append(errors.Count).Append(errors.Count == 1 ? " error" : " errors").Append(" in the batch: ")
        .AppendJoin(" ", errors.Take(5)).ToString();
}
