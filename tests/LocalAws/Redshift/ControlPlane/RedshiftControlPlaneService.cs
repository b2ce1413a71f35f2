using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Routing;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>
/// The Redshift control plane over the AWS query protocol (signing name <c>redshift</c>, Version 2012-12-01):
/// DescribeClusters, GetClusterCredentials and GetClusterCredentialsWithIAM. Shapes and faults follow the botocore
/// model <c>redshift/2012-12-01</c>.
/// </summary>
internal sealed class RedshiftControlPlaneService(RedshiftState state) : IAwsService
{
    private const int DefaultMaxRecords = 100;
    private const int MinMaxRecords = 20;

    public IReadOnlyCollection<string> SigningNames { get; } = ["redshift"];

    public string ResolveOperation(AwsRequest request) =>
        request.Form["Action"] is { Length: > 0 } action
            ? action
            : throw new AwsErrorException("MissingAction", "The request must contain the parameter Action.");

    public async Task<AwsResponse> HandleAsync(AwsRequest request, string operation)
    {
        var form = request.Form;
        return operation switch
        {
            "DescribeClusters" => DescribeClusters(form, request),
            "GetClusterCredentials" => await GetClusterCredentialsAsync(form, request),
            "GetClusterCredentialsWithIAM" => await GetClusterCredentialsWithIamAsync(form, request),
            _ => throw new AwsErrorException("InvalidAction", $"LocalAws does not emulate the Redshift action {operation}."),
        };
    }

    private AwsResponse DescribeClusters(NameValueCollection form, AwsRequest request)
    {
        var identifier = form["ClusterIdentifier"];
        var marker = form["Marker"];
        if (identifier is not null && marker is not null)
        {
            throw new AwsErrorException("InvalidParameterCombination", "A request may specify either ClusterIdentifier or Marker, not both.");
        }

        IReadOnlyList<RedshiftCluster> clusters;
        if (identifier is not null)
        {
            clusters = [FindCluster(identifier)];
        }
        else if (QueryProtocol.List(form, "TagKeys.TagKey").Count > 0 || QueryProtocol.List(form, "TagValues.TagValue").Count > 0)
        {
            clusters = []; // clusters here carry no tags, so no tag filter can match
        }
        else
        {
            clusters = state.Clusters;
        }

        var maxRecords = OptionalInt(form, "MaxRecords") ?? DefaultMaxRecords;
        if (maxRecords is < MinMaxRecords or > DefaultMaxRecords)
        {
            throw new AwsErrorException("InvalidParameterValue", $"MaxRecords must be between {MinMaxRecords} and {DefaultMaxRecords}.");
        }

        var start = marker is null ? 0 : ParseMarker(marker);
        var page = clusters.Skip(start).Take(maxRecords).ToList();
        var next = start + page.Count < clusters.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return QueryProtocol.Result("DescribeClusters", RedshiftXml.Namespace, request.RequestId,
            new System.Xml.Linq.XElement(RedshiftXml.Namespace + "Clusters", page.Select(c => RedshiftXml.Cluster(c, request.Region))),
            next is null ? null : RedshiftXml.Element("Marker", next));
    }

    private async Task<AwsResponse> GetClusterCredentialsAsync(NameValueCollection form, AwsRequest request)
    {
        var dbUser = RedshiftNames.ValidateDbUser(Required(form, "DbUser"));
        var cluster = TargetCluster(form);
        var lifetime = Lifetime(form);
        var autoCreate = OptionalBool(form, "AutoCreate") ?? false;
        var groups = QueryProtocol.List(form, "DbGroups.DbGroup").Concat(QueryProtocol.List(form, "DbGroups.member"))
            .Select(RedshiftNames.ValidateDbGroup)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // The stand-in's login role is named exactly like the returned DbUser (Redshift returns IAM:<user>).
        var credentials = await cluster.Credentials.IssueAsync(
            "IAM:" + dbUser, state.Time.GetUtcNow(), lifetime, autoCreate, groups, request.Aborted);
        return QueryProtocol.Result("GetClusterCredentials", RedshiftXml.Namespace, request.RequestId, RedshiftXml.Credentials(credentials));
    }

    private async Task<AwsResponse> GetClusterCredentialsWithIamAsync(NameValueCollection form, AwsRequest request)
    {
        var cluster = TargetCluster(form);
        var lifetime = Lifetime(form);
        var now = state.Time.GetUtcNow();

        // The database user is the caller's IAM identity, so it always exists: created on first use.
        var credentials = await cluster.Credentials.IssueAsync(
            state.IamDbUserFor(request.AccessKeyId), now, lifetime, autoCreate: true, groups: [], request.Aborted);
        return QueryProtocol.Result("GetClusterCredentialsWithIAM", RedshiftXml.Namespace, request.RequestId,
            [.. RedshiftXml.Credentials(credentials), RedshiftXml.Element("NextRefreshTime", RedshiftXml.Timestamp(credentials.Expiration))]);
    }

    private RedshiftCluster TargetCluster(NameValueCollection form)
    {
        if (form["CustomDomainName"] is { Length: > 0 })
        {
            throw new AwsErrorException("UnsupportedOperation", "LocalAws does not emulate custom domain names; pass ClusterIdentifier.");
        }

        return FindCluster(Required(form, "ClusterIdentifier"));
    }

    private RedshiftCluster FindCluster(string identifier) =>
        state.TryGetCluster(identifier, out var cluster)
            ? cluster
            : throw new AwsErrorException("ClusterNotFound", $"Cluster {identifier} not found.", HttpStatusCode.NotFound);

    private TimeSpan Lifetime(NameValueCollection form)
    {
        var seconds = OptionalInt(form, "DurationSeconds") ?? RedshiftClusterDefaults.DurationSeconds;
        if (seconds is < RedshiftClusterDefaults.MinDurationSeconds or > RedshiftClusterDefaults.MaxDurationSeconds)
        {
            throw new AwsErrorException("InvalidParameterValue",
                $"DurationSeconds must be between {RedshiftClusterDefaults.MinDurationSeconds} and {RedshiftClusterDefaults.MaxDurationSeconds}.");
        }

        return state.CredentialLifetimeOverride ?? TimeSpan.FromSeconds(seconds);
    }

    private static string Required(NameValueCollection form, string name) =>
        form[name] is { Length: > 0 } value
            ? value
            : throw new AwsErrorException("MissingParameter", $"The request must contain the parameter {name}.");

    private static int? OptionalInt(NameValueCollection form, string name) =>
        form[name] is not { } text
            ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new AwsErrorException("InvalidParameterValue", $"Value '{text}' for parameter {name} is not an integer.");

    private static bool? OptionalBool(NameValueCollection form, string name) =>
        form[name] is not { } text
            ? null
            : bool.TryParse(text, out var value)
                ? value
                : throw new AwsErrorException("InvalidParameterValue", $"Value '{text}' for parameter {name} is not a boolean.");

    private static int ParseMarker(string marker) =>
        int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : throw new AwsErrorException("InvalidParameterValue", $"Marker '{marker}' is not valid.");
}
