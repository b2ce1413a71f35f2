using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Ssm;

/// <summary>Renders stored parameters in the shapes of the SSM model (botocore <c>ssm/2014-11-06</c>). Pure.</summary>
internal static class SsmJson
{
    /// <summary>The <c>Parameter</c> shape; SecureString values stay encrypted unless <paramref name="decrypt"/>.</summary>
    public static JsonObject Parameter(SsmParameterVersion p, string region, bool decrypt, string? selector = null)
    {
        var json = new JsonObject
        {
            ["Name"] = p.Name,
            ["Type"] = p.Type,
            ["Value"] = p.Type == "SecureString" && !decrypt ? Ciphertext(p) : p.Value,
            ["Version"] = p.Version,
        };
        if (selector is not null)
        {
            json["Selector"] = selector;
        }

        json["LastModifiedDate"] = Epoch(p.LastModified);
        json["ARN"] = SsmNames.Arn(region, p.Name);
        json["DataType"] = p.DataType;
        return json;
    }

    /// <summary>The <c>ParameterMetadata</c> shape (DescribeParameters).</summary>
    public static JsonObject Metadata(SsmParameterVersion p, string region)
    {
        var json = new JsonObject
        {
            ["Name"] = p.Name,
            ["ARN"] = SsmNames.Arn(region, p.Name),
            ["Type"] = p.Type,
        };
        AddIfSet(json, "KeyId", p.KeyId);
        json["LastModifiedDate"] = Epoch(p.LastModified);
        json["LastModifiedUser"] = $"arn:aws:iam::{SsmNames.AccountId}:root";
        AddIfSet(json, "Description", p.Description);
        AddIfSet(json, "AllowedPattern", p.AllowedPattern);
        json["Version"] = p.Version;
        json["Tier"] = p.Tier;
        json["Policies"] = new JsonArray();
        json["DataType"] = p.DataType;
        return json;
    }

    /// <summary>The <c>ParameterHistory</c> shape (GetParameterHistory).</summary>
    public static JsonObject History(SsmParameterVersion p, bool decrypt)
    {
        var json = new JsonObject
        {
            ["Name"] = p.Name,
            ["Type"] = p.Type,
        };
        AddIfSet(json, "KeyId", p.KeyId);
        json["LastModifiedDate"] = Epoch(p.LastModified);
        json["LastModifiedUser"] = $"arn:aws:iam::{SsmNames.AccountId}:root";
        AddIfSet(json, "Description", p.Description);
        json["Value"] = p.Type == "SecureString" && !decrypt ? Ciphertext(p) : p.Value;
        AddIfSet(json, "AllowedPattern", p.AllowedPattern);
        json["Version"] = p.Version;
        json["Labels"] = new JsonArray();
        json["Tier"] = p.Tier;
        json["Policies"] = new JsonArray();
        json["DataType"] = p.DataType;
        return json;
    }

    /// <summary>
    /// A secret read through <c>/aws/reference/secretsmanager/…</c>: Type SecureString, Version 0, the secret's
    /// ARN, and SourceResult carrying the secret's metadata (never its value) as a JSON string.
    /// </summary>
    public static JsonObject SecretReference(string requestedName, SsmSecret secret, string region)
    {
        var source = new JsonObject
        {
            ["ARN"] = secret.Arn(region),
            ["Name"] = secret.Name,
            ["VersionId"] = secret.VersionId,
            ["VersionStages"] = new JsonArray("AWSCURRENT"),
            ["CreatedDate"] = Epoch(secret.Created),
        };
        return new JsonObject
        {
            ["Name"] = requestedName,
            ["Type"] = "SecureString",
            ["Value"] = secret.SecretString,
            ["Version"] = 0,
            ["SourceResult"] = source.ToJsonString(),
            ["LastModifiedDate"] = Epoch(secret.LastChanged),
            ["ARN"] = secret.Arn(region),
            ["DataType"] = "text",
        };
    }

    /// <summary>JSON-protocol timestamps are epoch seconds with a fraction.</summary>
    public static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    // AWS returns the KMS ciphertext blob (base64, starting "AQICAH…"). An opaque digest stands in for it:
    // stable per version, different per value, and it reveals nothing about the value.
    private static string Ciphertext(SsmParameterVersion p)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{p.Name}\n{p.Version}\n{p.Value}"));
        byte[] header = [0x01, 0x02, 0x02, 0x00, 0x78];
        return Convert.ToBase64String([.. header, .. Encoding.UTF8.GetBytes($"kms:{p.KeyId}:"), .. digest]);
    }

    private static void AddIfSet(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
