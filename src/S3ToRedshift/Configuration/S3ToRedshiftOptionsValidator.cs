using Microsoft.Extensions.Options;

namespace GapTools.S3ToRedshift.Configuration;

/// <summary>DataAnnotations of the options tree, generated at compile time (no reflection, AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class S3ToRedshiftOptionsValidator : IValidateOptions<S3ToRedshiftOptions>
{
}

/// <summary>The cross-field <see cref="S3ToRedshiftOptionsRules"/> as an options validator (every problem at once).</summary>
internal sealed class S3ToRedshiftOptionsRulesValidator : IValidateOptions<S3ToRedshiftOptions>
{
    public ValidateOptionsResult Validate(string? name, S3ToRedshiftOptions options)
    {
        var errors = S3ToRedshiftOptionsRules.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
