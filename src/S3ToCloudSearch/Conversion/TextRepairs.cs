namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>What <see cref="XmlSafeText"/> changed in a string: characters removed and characters replaced by U+FFFD.</summary>
/// <param name="Stripped">Characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF), removed.</param>
/// <param name="Replaced">Bytes of invalid UTF-8 and lone surrogate escapes, each now U+FFFD.</param>
internal readonly record struct TextRepairs(int Stripped, int Replaced)
{
    public static readonly TextRepairs OneStripped = new(1, 0);

    public static readonly TextRepairs OneReplaced = new(0, 1);

    public bool IsNone => Stripped == 0 && Replaced == 0;

    public static TextRepairs operator +(TextRepairs a, TextRepairs b) => new(a.Stripped + b.Stripped, a.Replaced + b.Replaced);
}
