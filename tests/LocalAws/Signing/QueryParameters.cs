namespace GapTools.LocalAws.Signing;

/// <summary>Splits a raw query string (no leading '?') into its still-encoded name/value pairs.</summary>
internal static class QueryParameters
{
    public static IEnumerable<(string Name, string Value)> SplitRaw(string rawQuery)
    {
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0 ? (part, "") : (part[..equals], part[(equals + 1)..]);
        }
    }

    /// <summary>The decoded value of the first parameter with this exact (decoded) name, or null.</summary>
    public static string? First(string rawQuery, string name)
    {
        foreach (var (rawName, rawValue) in SplitRaw(rawQuery))
        {
            if (SigV4Encoding.Decode(rawName) == name)
            {
                return SigV4Encoding.Decode(rawValue);
            }
        }

        return null;
    }
}
