using System.Globalization;

namespace GapTools.SsmWrap.Cli.Arguments;

/// <summary>Durations as <c>500ms</c>, <c>10s</c>, <c>2m</c>, or a plain number of seconds.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text)
    {
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ => (text, 1000.0),
        };
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromMilliseconds(value * unit)
            : throw new FormatException($"'{text}' is not a positive duration such as 500ms, 10s or 2m");
    }
}
