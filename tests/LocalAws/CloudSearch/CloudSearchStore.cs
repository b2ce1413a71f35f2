using System.Collections.Concurrent;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>Search domains served by the local document service. A domain named "default" always exists.</summary>
public sealed class CloudSearchStore
{
    public const string DefaultDomain = "default";

    private readonly ConcurrentDictionary<string, CloudSearchDomainState> domains = new(StringComparer.Ordinal);

    public CloudSearchStore() => CreateDomain(DefaultDomain);

    public CloudSearchDomainState CreateDomain(string name) => domains.GetOrAdd(name, n => new CloudSearchDomainState(n));

    public CloudSearchDomainState Domain(string name) =>
        domains.TryGetValue(name, out var domain) ? domain : throw new KeyNotFoundException($"No CloudSearch domain '{name}'.");

    public bool TryGetDomain(string name, out CloudSearchDomainState domain) => domains.TryGetValue(name, out domain!);

    public IReadOnlyCollection<string> DomainNames => domains.Keys.ToArray();

    /// <summary>
    /// The document endpoint a client should use for a domain: path-style on the shared port,
    /// since a single loopback port cannot have a host name per domain.
    /// </summary>
    public static Uri DocumentEndpoint(Uri serviceUrl, string domain) => new(serviceUrl, $"/{Uri.EscapeDataString(domain)}");
}
