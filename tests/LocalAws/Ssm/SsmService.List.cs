using System.Globalization;
using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>GetParametersByPath, DescribeParameters and GetParameterHistory: the paged reads.</summary>
internal sealed partial class SsmService
{
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html: MaxResults 1..10.
    private const int ByPathMaxResults = 10;
    private const int DescribeMaxResults = 50;

    private JsonObject GetParametersByPath(JsonObject body, string region)
    {
        var path = SsmNames.NormalizePath(JsonProtocol.RequiredString(body, "Path"));
        if (SsmNames.IsSecretsReferencePath(path))
        {
            throw AwsErrorException.Validation(
                "GetParametersByPath is not supported for /aws/reference/secretsmanager: read each secret by its full name with GetParameter or GetParameters.");
        }

        var recursive = JsonProtocol.GetBool(body, "Recursive");
        var decrypt = JsonProtocol.GetBool(body, "WithDecryption");
        var take = MaxResults(body, ByPathMaxResults, ByPathMaxResults);
        var filters = SsmFilter.Parse(body["ParameterFilters"], SsmFilter.ByPathKeys);
        var scope = $"path:{recursive}:{path}";
        var after = SsmPageToken.Decode(JsonProtocol.GetString(body, "NextToken"), scope);

        var page = store.Page(after, p => SsmNames.IsUnder(p.Name, path, recursive) && filters.TrueForAll(f => f.Matches(p)), take, out var more);
        var result = new JsonObject { ["Parameters"] = Array(page.Select(p => SsmJson.Parameter(p, region, decrypt))) };
        if (more)
        {
            result["NextToken"] = SsmPageToken.Encode(scope, page[^1].Name);
        }

        return result;
    }

    private JsonObject DescribeParameters(JsonObject body, string region)
    {
        var legacy = SsmFilter.ParseLegacy(body["Filters"]);
        var filters = SsmFilter.Parse(body["ParameterFilters"], SsmFilter.DescribeKeys);
        if (legacy.Count > 0 && filters.Count > 0)
        {
            throw AwsErrorException.Validation("You can use either Filters or ParameterFilters in a single request, but not both.");
        }

        filters.AddRange(legacy);
        var take = MaxResults(body, DescribeMaxResults, DescribeMaxResults);
        const string scope = "describe";
        var after = SsmPageToken.Decode(JsonProtocol.GetString(body, "NextToken"), scope);
        var page = store.Page(after, p => filters.TrueForAll(f => f.Matches(p)), take, out var more);
        var result = new JsonObject { ["Parameters"] = Array(page.Select(p => SsmJson.Metadata(p, region))) };
        if (more)
        {
            result["NextToken"] = SsmPageToken.Encode(scope, page[^1].Name);
        }

        return result;
    }

    private JsonObject GetParameterHistory(JsonObject body)
    {
        var name = SsmNames.Parse(JsonProtocol.RequiredString(body, "Name")).Name;
        var history = store.History(name);
        if (history.Count == 0)
        {
            throw NotFound(name);
        }

        var decrypt = JsonProtocol.GetBool(body, "WithDecryption");
        var take = MaxResults(body, DescribeMaxResults, DescribeMaxResults);
        var scope = $"history:{name}";
        var after = SsmPageToken.Decode(JsonProtocol.GetString(body, "NextToken"), scope) is { } last
            ? long.Parse(last, CultureInfo.InvariantCulture)
            : 0;
        var remaining = history.Where(p => p.Version > after).ToList();
        var page = remaining.Take(take).ToList();
        var result = new JsonObject { ["Parameters"] = Array(page.Select(p => SsmJson.History(p, decrypt))) };
        if (remaining.Count > take)
        {
            result["NextToken"] = SsmPageToken.Encode(scope, page[^1].Version.ToString(CultureInfo.InvariantCulture));
        }

        return result;
    }
}
