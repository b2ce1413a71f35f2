using System.ComponentModel.DataAnnotations;
using GapTools.Core.Validation;

namespace GapTools.Core.Resilience;

/// <summary>Retry policy for one edge (one kind of remote call). Defaults are in <see cref="RetryDefaults"/>.</summary>
// Properties are settable (not init) so the compile-time configuration binder can fill them.
public sealed record RetryOptions : IValidatableObject
{
    /// <summary>Retries after the first attempt; 0 disables retrying. Defaults to 5.</summary>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = RetryDefaults.MaxRetryAttempts;

    /// <summary>Scale of the first retry delay. Defaults to 200 ms.</summary>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan BaseDelay { get; set; } = RetryDefaults.BaseDelay;

    /// <summary>Upper bound of any single delay. Defaults to 20 s.</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = RetryDefaults.MaxDelay;

    /// <summary>How delays are randomised. Defaults to <see cref="RetryJitter.Decorrelated"/>.</summary>
    [EnumDataType(typeof(RetryJitter))]
    public RetryJitter Jitter { get; set; } = RetryDefaults.Jitter;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult(
                $"{nameof(MaxDelay)} ({MaxDelay}) must not be shorter than {nameof(BaseDelay)} ({BaseDelay}).",
                [nameof(MaxDelay)]);
        }
    }
}
