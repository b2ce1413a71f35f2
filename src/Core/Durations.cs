using System.Globalization;

namespace GapTools.Core;

/// <summary>
/// The one duration grammar of GapTools' command lines and settings: <c>500ms</c>, <c>90s</c>, <c>10m</c>,
/// <c>2h</c>, <c>1d</c>, a plain number of seconds (<c>1.5</c>, as ssmwrap reads it) or a .NET
/// <see cref="TimeSpan"/> (<c>00:10:00</c>). Only positive durations.
/// </summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; null or blank gives null; anything else unreadable throws <see cref="FormatException"/>.</summary>
    public static TimeSpan? ParseOptional(string? text) => string.IsNullOrWhiteSpace(text) ? null : Parse(text);

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> quoting it.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a positive duration (e.g. 500ms, 90s, 10m, 1h, 00:10:00).");
    }

    /// <summary>Parses <paramref name="text"/> without throwing.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], TimeSpan.FromMilliseconds(1)),
            _ when text.EndsWith('s') => (text[..^1], TimeSpan.FromSeconds(1)),
            _ when text.EndsWith('m') => (text[..^1], TimeSpan.FromMinutes(1)),
            _ when text.EndsWith('h') => (text[..^1], TimeSpan.FromHours(1)),
            _ when text.EndsWith('d') => (text[..^1], TimeSpan.FromDays(1)),
            _ when double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) => (text, TimeSpan.FromSeconds(1)),
            _ => ("", TimeSpan.Zero),
        };
        if (unit > TimeSpan.Zero)
        {
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
            {
                value = unit * amount;
                return true;
            }

            return false;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
    }
}
