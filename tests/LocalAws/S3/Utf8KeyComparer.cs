namespace GapTools.LocalAws.S3;

/// <summary>
/// Orders keys by their UTF-8 bytes, as S3 lists them. That is code-point order, which differs from ordinal UTF-16
/// order only where surrogate pairs (code points above U+FFFF) meet U+E000–U+FFFF.
/// </summary>
internal sealed class Utf8KeyComparer : IComparer<string>
{
    public static readonly Utf8KeyComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Weight(x[i]).CompareTo(Weight(y[i]));
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    // Surrogates (D800–DFFF) stand for code points ≥ U+10000, so they must sort after E000–FFFF.
    private static int Weight(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
