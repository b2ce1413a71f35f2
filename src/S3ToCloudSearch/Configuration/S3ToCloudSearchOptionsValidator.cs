using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>Compile-time generated validator for <see cref="S3ToCloudSearchOptions"/> (AOT-safe; used with <c>ValidateOnStart</c>).</summary>
[OptionsValidator]
public sealed partial class S3ToCloudSearchOptionsValidator : IValidateOptions<S3ToCloudSearchOptions>;
