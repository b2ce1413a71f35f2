using Microsoft.Extensions.Options;

namespace GapTools.Core.Resilience;

/// <summary>Compile-time generated validator for <see cref="RetryOptions"/> (AOT-safe; use with <c>ValidateOnStart</c>).</summary>
[OptionsValidator]
public sealed partial class RetryOptionsValidator : IValidateOptions<RetryOptions>;
