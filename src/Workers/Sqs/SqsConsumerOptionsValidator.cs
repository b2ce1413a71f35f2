using Microsoft.Extensions.Options;

namespace GapTools.Workers.Sqs;

/// <summary>Compile-time generated validator for <see cref="SqsConsumerOptions"/> (AOT-safe; use with <c>ValidateOnStart</c>).</summary>
[OptionsValidator]
public sealed partial class SqsConsumerOptionsValidator : IValidateOptions<SqsConsumerOptions>;
