using System.Globalization;

namespace GapTools.Core.Logging;

/// <summary>
/// A count with its noun, for log messages that read right: <c>1 object</c>, <c>2 objects</c>. The text of a
/// message shows the phrase; the tools' JSON lines write the number.
/// </summary>
public readonly record struct Counted(long Value, string Singular, string Plural) : IFormattable
{
    /// <summary><paramref name="value"/> of <paramref name="singular"/>; the plural adds an <c>s</c> unless <paramref name="plural"/> is given.</summary>
    public static Counted Of(long value, string singular, string? plural = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singular);
        return new Counted(value, singular, plural ?? singular + "s");
    }

    /// <inheritdoc />
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Value.ToString(format, formatProvider) + " " + (Value == 1 ? Singular : Plural);
}
