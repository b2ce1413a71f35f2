using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>GetParameter and GetParameters, including <c>:version</c> selectors and Secrets Manager references.</summary>
internal sealed partial class SsmService
{
    private const string DecryptionRequired = "WithDecryption flag must be True for retrieving a Secret Value from Secret Manager";

    private JsonObject GetParameter(JsonObject body, string region)
    {
        var requested = JsonProtocol.RequiredString(body, "Name");
        var lookup = Lookup(requested, JsonProtocol.GetBool(body, "WithDecryption"), region);
        if (lookup.Parameter is { } parameter)
        {
            return new JsonObject { ["Parameter"] = parameter };
        }

        throw lookup.MissingVersion is { } version
            ? new AwsErrorException("ParameterVersionNotFound",
                $"Systems Manager could not find version {version} of {lookup.Name}. Verify the version and try again.")
            : NotFound(requested);
    }

    // Unknown names are not an error here: AWS lists them in InvalidParameters.
    private JsonObject GetParameters(JsonObject body, string region)
    {
        var names = NameList(body).Distinct(StringComparer.Ordinal).ToList();
        var decrypt = JsonProtocol.GetBool(body, "WithDecryption");
        var found = new List<JsonNode>();
        var invalid = new List<string>();
        foreach (var name in names)
        {
            if (Lookup(name, decrypt, region).Parameter is { } parameter)
            {
                found.Add(parameter);
            }
            else
            {
                invalid.Add(name);
            }
        }

        return new JsonObject { ["Parameters"] = Array(found), ["InvalidParameters"] = Strings(invalid) };
    }

    private SsmLookup Lookup(string requested, bool decrypt, string region)
    {
        if (SsmNames.IsSecretsReference(requested))
        {
            if (!decrypt)
            {
                throw AwsErrorException.Validation(DecryptionRequired);
            }

            var secretId = requested[SsmNames.SecretsReferencePrefix.Length..];
            var secret = store.FindSecret(secretId)
                // A trailing ":<version stage or id>" selects a secret version; only the current one exists here.
                ?? (secretId.LastIndexOf(':') is > 0 and var colon ? store.FindSecret(secretId[..colon]) : null);
            return new SsmLookup(requested, secret is null ? null : SsmJson.SecretReference(requested, secret, region), null);
        }

        var query = SsmNames.Parse(requested);
        if (query.HasLabel)
        {
            // LabelParameterVersion is not emulated, so no label can match.
            return new SsmLookup(query.Name, null, null);
        }

        var parameter = store.Find(query.Name, query.Version);
        if (parameter is null)
        {
            var versionMissing = query.Version is not null && store.Find(query.Name) is not null;
            return new SsmLookup(query.Name, null, versionMissing ? query.Version : null);
        }

        return new SsmLookup(query.Name, SsmJson.Parameter(parameter, region, decrypt, query.Selector), null);
    }

    private sealed record SsmLookup(string Name, JsonObject? Parameter, long? MissingVersion);
}
