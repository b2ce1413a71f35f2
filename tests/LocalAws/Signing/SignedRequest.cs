namespace GapTools.LocalAws.Signing;

/// <summary>
/// A request exactly as it arrived on the wire, which is what SigV4 signs.
/// <see cref="RawPath"/> is still percent-encoded (Kestrel: <c>IHttpRequestFeature.RawTarget</c> up to '?',
/// never <c>HttpRequest.Path</c>, which is decoded). <see cref="RawQuery"/> has no leading '?'.
/// Repeated header names are allowed and keep their order.
/// The payload is either <see cref="Body"/> (hashed on demand) or a precomputed <see cref="BodySha256Hex"/>.
/// </summary>
internal sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Lowercase hex SHA-256 of the body, when the caller hashed it while reading.</summary>
    public string? BodySha256Hex { get; init; }

    /// <summary>All values of a header (case-insensitive name), in arrival order.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => HeaderValues(name).FirstOrDefault();
}
