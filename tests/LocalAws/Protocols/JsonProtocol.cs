using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Protocols;

/// <summary>Helpers for the AWS JSON protocol (<c>X-Amz-Target: Prefix.Operation</c>).</summary>
public static class JsonProtocol
{
    /// <summary>The operation named by <c>X-Amz-Target</c> (text after the last '.').</summary>
    public static string? Operation(AwsRequest request)
    {
        var target = request.Header("X-Amz-Target");
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        var dot = target.LastIndexOf('.');
        return dot < 0 ? target : target[(dot + 1)..];
    }

    /// <summary>The request body as a JSON object; an empty body is an empty object.</summary>
    public static JsonObject Body(AwsRequest request)
    {
        if (request.Body.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(request.Body) as JsonObject
                ?? throw new AwsErrorException("SerializationException", "Request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new AwsErrorException("SerializationException", $"Request body is not valid JSON: {e.Message}");
        }
    }

    public static AwsResponse Result(JsonNode body, string contentType = "application/x-amz-json-1.1") =>
        new() { ContentType = contentType, Body = Encoding.UTF8.GetBytes(body.ToJsonString()) };

    public static string? GetString(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static string RequiredString(JsonObject body, string name) =>
        GetString(body, name) is { Length: > 0 } s
            ? s
            : throw AwsErrorException.Validation($"1 validation error detected: Value null at '{Camel(name)}' failed to satisfy constraint: Member must not be null");

    public static bool GetBool(JsonObject body, string name, bool fallback = false) =>
        body[name] is JsonValue value && value.TryGetValue<bool>(out var b) ? b : fallback;

    public static int? GetInt(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<int>(out var i) ? i : null;

    public static List<string> GetStrings(JsonObject body, string name) =>
        body[name] is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
