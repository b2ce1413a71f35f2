using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>PutParameter, DeleteParameter, DeleteParameters.</summary>
internal sealed partial class SsmService
{
    private JsonObject PutParameter(JsonObject body)
    {
        var name = JsonProtocol.RequiredString(body, "Name");
        var value = JsonProtocol.GetString(body, "Value")
            ?? throw AwsErrorException.Validation("1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null");
        var stored = store.Put(new SsmPut(name, value)
        {
            Type = JsonProtocol.GetString(body, "Type"),
            Overwrite = JsonProtocol.GetBool(body, "Overwrite"),
            Description = JsonProtocol.GetString(body, "Description"),
            KeyId = JsonProtocol.GetString(body, "KeyId"),
            AllowedPattern = JsonProtocol.GetString(body, "AllowedPattern"),
            Tier = JsonProtocol.GetString(body, "Tier"),
            DataType = JsonProtocol.GetString(body, "DataType"),
            HasTags = body["Tags"] is JsonArray { Count: > 0 },
        });
        return new JsonObject { ["Version"] = stored.Version, ["Tier"] = stored.Tier };
    }

    private JsonObject DeleteParameter(JsonObject body)
    {
        var name = JsonProtocol.RequiredString(body, "Name");
        return store.Delete(name) ? [] : throw NotFound(name);
    }

    private JsonObject DeleteParameters(JsonObject body)
    {
        var names = NameList(body).Distinct(StringComparer.Ordinal).ToList();
        var deleted = names.Where(store.Delete).ToList();
        return new JsonObject
        {
            ["DeletedParameters"] = Strings(deleted),
            ["InvalidParameters"] = Strings(names.Except(deleted, StringComparer.Ordinal)),
        };
    }
}
