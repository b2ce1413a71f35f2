using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>
/// The documents of one domain: id → its fields as the accepted batch sent them. A small domain keeps every
/// document's fields (the UTF-8 bytes of its <c>fields</c> object, parsed into a new <see cref="JsonObject"/> on each
/// read); once the fields kept add up to <see cref="MaxStoredFieldBytes"/>, documents added after that keep only
/// their length and a SHA-256 digest of those bytes, so a run indexing gigabytes costs about 100 bytes per id
/// instead of a parsed tree per document. Reading the fields of a digest-only document throws, naming the cap.
/// </summary>
public sealed class CloudSearchDocumentDictionary : IReadOnlyDictionary<string, JsonObject>
{
    /// <summary>64 MiB of fields kept per domain unless <see cref="MaxStoredFieldBytes"/> says otherwise.</summary>
    public const long DefaultMaxStoredFieldBytes = 64L * 1024 * 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredDocument> documents = new(StringComparer.Ordinal);
    private long storedFieldBytes;

    /// <summary>Fields bytes kept in full, over every document; beyond it, new documents keep a digest only.</summary>
    public long MaxStoredFieldBytes { get; set; } = DefaultMaxStoredFieldBytes;

    /// <summary>Bytes of fields kept in full now.</summary>
    public long StoredFieldBytes
    {
        get
        {
            lock (gate)
            {
                return storedFieldBytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return documents.Count;
            }
        }
    }

    public IEnumerable<string> Keys
    {
        get
        {
            lock (gate)
            {
                return [.. documents.Keys];
            }
        }
    }

    /// <summary>Every document's fields, parsed; throws when one of them was kept as a digest only.</summary>
    public IEnumerable<JsonObject> Values => Keys.Select(id => this[id]);

    /// <exception cref="KeyNotFoundException">No such document.</exception>
    /// <exception cref="InvalidOperationException">The document's fields were kept as a digest only (the domain was over <see cref="MaxStoredFieldBytes"/>).</exception>
    public JsonObject this[string key] => TryGetValue(key, out var fields)
        ? fields
        : throw new KeyNotFoundException($"No document '{key}' in the domain.");

    public bool ContainsKey(string key)
    {
        lock (gate)
        {
            return documents.ContainsKey(key);
        }
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonObject value)
    {
        StoredDocument stored;
        lock (gate)
        {
            if (!documents.TryGetValue(key, out stored))
            {
                value = null;
                return false;
            }
        }

        value = stored.Fields is { } bytes
            ? (JsonObject)JsonNode.Parse(bytes)!
            : throw new InvalidOperationException(
                $"The fields of document '{key}' ({stored.Length} bytes, SHA-256 {Convert.ToHexStringLower(stored.Digest)}) were not kept: the domain held {MaxStoredFieldBytes} bytes of fields already (CloudSearchDocumentDictionary.MaxStoredFieldBytes).");
        return true;
    }

    /// <summary>The document's fields as sent (UTF-8 JSON), or null when only its digest was kept or there is no such document.</summary>
    public string? FieldsJson(string id)
    {
        lock (gate)
        {
            return documents.TryGetValue(id, out var stored) && stored.Fields is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
        }
    }

    /// <summary>SHA-256 (lower-case hex) of the document's fields bytes as sent, kept for every document; null when there is no such document.</summary>
    public string? FieldsDigest(string id)
    {
        lock (gate)
        {
            return documents.TryGetValue(id, out var stored) ? Convert.ToHexStringLower(stored.Digest) : null;
        }
    }

    /// <summary>Ids in ordinal order with their fields JSON (null when only the digest was kept), their digest and length.</summary>
    public IReadOnlyList<(string Id, string? FieldsJson, string Digest, int Length)> Snapshot()
    {
        lock (gate)
        {
            return [.. documents.OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => (d.Key, d.Value.Fields is { } bytes ? Encoding.UTF8.GetString(bytes) : null, Convert.ToHexStringLower(d.Value.Digest), d.Value.Length))];
        }
    }

    public IEnumerator<KeyValuePair<string, JsonObject>> GetEnumerator() =>
        Keys.Select(id => new KeyValuePair<string, JsonObject>(id, this[id])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Applies a validated batch in order, as one unit (the service applies a batch whole or not at all).</summary>
    internal void Apply(ReadOnlySpan<byte> body, IReadOnlyList<SdfOperation> operations)
    {
        lock (gate)
        {
            foreach (var operation in operations)
            {
                if (documents.Remove(operation.Id, out var old) && old.Fields is { } kept)
                {
                    storedFieldBytes -= kept.Length;
                }

                if (operation.Fields is { } range)
                {
                    var fields = body.Slice(range.Start, range.Length);
                    var digest = SHA256.HashData(fields);
                    byte[]? copy = null;
                    if (storedFieldBytes + fields.Length <= MaxStoredFieldBytes)
                    {
                        copy = fields.ToArray();
                        storedFieldBytes += copy.Length;
                    }

                    documents[operation.Id] = new StoredDocument(copy, digest, fields.Length);
                }
            }
        }
    }

    private readonly record struct StoredDocument(byte[]? Fields, byte[] Digest, int Length);
}
