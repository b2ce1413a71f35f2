using GapTools.S3ToCloudSearch.Configuration;
using GapTools.Workers.Lambda;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Tests.Configuration;

/// <summary>ConfigurationKeys.txt says exactly what the options bind, and a key outside it fails the options at start.</summary>
public sealed class KnownKeysTests
{
    [Fact]
    public void The_keys_file_lists_every_key_the_options_bind_and_nothing_else() =>
        // The options, the Lambda form's section, and the AWS SDK's own section (AWSOptions, read by AwsSettings).
        Assert.Null(ConfigurationKeysCheck.OptionsDifference(
            KnownKeys.Value.Patterns,
            OptionsKeyPatterns.Of(typeof(S3ToCloudSearchOptions))
                .Concat(OptionsKeyPatterns.Of(typeof(LambdaFunctionOptions), LambdaFunctionOptions.SectionName + ":"))
                .Append("AWS:**"),
            "S3ToCloudSearch"));

    [Fact]
    public void A_misspelt_or_misplaced_key_fails_the_options_naming_the_key_it_meant()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:Sqs:Queue"] = "q",
            ["S3ToCloudSearch:Sqs:Consumer:WaitTme"] = "5s",
            ["S3ToCloudSearch:Queue"] = "q",
            ["S3ToCloudSearch:AWS:Region"] = "eu-west-1",
            ["S3ToCloudSearch:TotallyUnrelatedSetting"] = "x",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddS3ToCloudSearchWorker(configuration);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value);

        Assert.Contains("S3ToCloudSearch:Sqs:Consumer:WaitTme is not a key S3ToCloudSearch reads; did you mean S3ToCloudSearch:Sqs:Consumer:WaitTime?", failure.Failures);
        Assert.Contains("S3ToCloudSearch:Queue is not a key S3ToCloudSearch reads; did you mean S3ToCloudSearch:Sqs:Queue?", failure.Failures);
        Assert.Contains("S3ToCloudSearch:TotallyUnrelatedSetting is not a key S3ToCloudSearch reads.", failure.Failures);
        Assert.DoesNotContain(failure.Failures, f => f.Contains("AWS", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_key_the_tool_reads_has_a_row_in_its_README() =>
        Assert.Empty(ConfigurationKeysCheck.UndocumentedInReadme(KnownKeys.Value.Patterns, "S3ToCloudSearch"));
}
