using System.Text.Json;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Turns a COPY's FROM location into the objects to load, with Redshift's semantics: without MANIFEST every
/// object whose key starts with the prefix; with MANIFEST the listed <c>entries[].url</c>, where a missing
/// <c>"mandatory": true</c> entry fails the load and a missing optional one is skipped.
/// </summary>
internal sealed class CopySourceResolver(IS3ObjectSource objects)
{
    public async Task<IReadOnlyList<S3Url>> ResolveAsync(CopyStatement statement, CancellationToken cancellationToken) =>
        statement.Manifest
            ? await FromManifestAsync(statement.Source, cancellationToken).ConfigureAwait(false)
            : await FromPrefixAsync(statement.Source, cancellationToken).ConfigureAwait(false);

    /// <summary>The whole object, for small control files (manifests, JSONPaths).</summary>
    public async Task<byte[]> ReadAllAsync(S3Url url, string what, CancellationToken cancellationToken)
    {
        var stream = await objects.OpenReadAsync(url.Bucket, url.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new RedshiftCopyException($"Problem reading {what} file - The specified key does not exist ({url})", SqlStates.InternalError);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    public async Task<Stream> OpenAsync(S3Url url, CancellationToken cancellationToken) =>
        await objects.OpenReadAsync(url.Bucket, url.Key, cancellationToken).ConfigureAwait(false)
        ?? throw new RedshiftCopyException($"The specified S3 object '{url}' does not exist", SqlStates.InternalError);

    private async Task<IReadOnlyList<S3Url>> FromPrefixAsync(S3Url source, CancellationToken cancellationToken)
    {
        var listing = await objects.ListAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);

        // Zero-byte "folder" markers created by consoles are not data files.
        var keys = listing
            .Where(o => !(o.Size == 0 && o.Key.EndsWith('/')))
            .Select(o => new S3Url(source.Bucket, o.Key))
            .ToList();
        return keys.Count > 0
            ? keys
            : throw new RedshiftCopyException($"The specified S3 prefix '{source.Key}' does not exist", SqlStates.InternalError);
    }

    private async Task<IReadOnlyList<S3Url>> FromManifestAsync(S3Url manifest, CancellationToken cancellationToken)
    {
        var entries = ParseManifest(await ReadAllAsync(manifest, "manifest", cancellationToken).ConfigureAwait(false), manifest);
        var files = new List<S3Url>();
        foreach (var (url, mandatory) in entries)
        {
            var listing = await objects.ListAsync(url.Bucket, url.Key, cancellationToken).ConfigureAwait(false);
            if (listing.Any(o => o.Key == url.Key))
            {
                files.Add(url);
            }
            else if (mandatory)
            {
                throw new RedshiftCopyException(
                    $"Manifest file {manifest} lists mandatory file '{url}' which does not exist", SqlStates.InternalError);
            }
        }

        return files;
    }

    internal static IReadOnlyList<(S3Url Url, bool Mandatory)> ParseManifest(byte[] json, S3Url manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw BadManifest(manifest, "it has no \"entries\" array");
            }

            return entries.EnumerateArray().Select(entry =>
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("url", out var urlElement)
                    || urlElement.ValueKind != JsonValueKind.String || !S3Url.TryParse(urlElement.GetString()!, out var url) || url!.Key.Length == 0)
                {
                    throw BadManifest(manifest, "every entry needs a \"url\" of the form s3://bucket/key");
                }

                var mandatory = entry.TryGetProperty("mandatory", out var m) && m.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw BadManifest(manifest, "\"mandatory\" must be true or false"),
                };
                return (url, mandatory);
            }).ToList();
        }
        catch (JsonException e)
        {
            throw BadManifest(manifest, e.Message);
        }
    }

    private static RedshiftCopyException BadManifest(S3Url manifest, string reason) =>
        new($"Manifest file {manifest} is not in correct json format: {reason}", SqlStates.InternalError);
}
