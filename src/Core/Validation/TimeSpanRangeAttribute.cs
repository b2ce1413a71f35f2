using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace GapTools.Core.Validation;

/// <summary>
/// Inclusive range check for <see cref="TimeSpan"/> options. Replaces <c>[Range(typeof(TimeSpan), ...)]</c>, whose
/// type-converter lookup is not trim/AOT-safe.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <param name="minimum">Smallest allowed value, in invariant "c" format (for example <c>00:00:01</c>).</param>
    /// <param name="maximum">Largest allowed value, in invariant "c" format.</param>
    public TimeSpanRangeAttribute(string minimum, string maximum)
    {
        Minimum = TimeSpan.ParseExact(minimum, "c", CultureInfo.InvariantCulture);
        Maximum = TimeSpan.ParseExact(maximum, "c", CultureInfo.InvariantCulture);
    }

    /// <summary>Smallest allowed value.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Largest allowed value.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc />
    public override bool IsValid(object? value) =>
        value is null || (value is TimeSpan span && span >= Minimum && span <= Maximum);

    /// <inheritdoc />
    public override string FormatErrorMessage(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} must be between {Minimum:c} and {Maximum:c}.");
}
