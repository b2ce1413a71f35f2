namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>A CloudSearch domain's document endpoint, by the name routes use for it.</summary>
/// <param name="Name">The name in <c>Endpoints</c>, or <c>default</c> for <c>DocumentEndpoint</c>.</param>
/// <param name="Url">The document endpoint, e.g. <c>https://doc-movies-abc123.us-east-1.cloudsearch.amazonaws.com</c>.</param>
public sealed record DocumentEndpoint(string Name, Uri Url)
{
    /// <summary>The name of the endpoint configured as <c>DocumentEndpoint</c>.</summary>
    public const string DefaultName = "default";

    /// <summary>
    /// The region in a public endpoint's host name (<c>doc-….us-east-1.cloudsearch.amazonaws.com</c> → us-east-1),
    /// or null for other hosts (a VPC endpoint, a local emulator).
    /// </summary>
    public string? HostRegion
    {
        get
        {
            var labels = Url.Host.Split('.');
            return labels.Length >= 5 && labels[0].StartsWith("doc-", StringComparison.Ordinal) && labels[2] == "cloudsearch"
                ? labels[1]
                : null;
        }
    }

    /// <summary>Name and URL, without any user information the URL might carry.</summary>
    public override string ToString() =>
        $"{Name}: {(string.IsNullOrEmpty(Url.UserInfo) ? Url.ToString() : Url.ToString().Replace(Url.UserInfo + "@", "****@", StringComparison.Ordinal))}";
}
