using GapTools.S3ToCloudSearch.Configuration;
using System.Text.RegularExpressions;
using GapTools.Workers.Lambda;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Tests.Configuration;

/// <summary>ConfigurationKeys.txt says exactly what the options bind, and a key outside it fails the options at start.</summary>
public sealed class KnownKeysTests
{
    [Fact]
    public void The_keys_file_lists_every_key_the_options_bind_and_nothing_else()
    {
        // The options, the Lambda form's section, and the AWS SDK's own section (AWSOptions, read by AwsSettings).
        var expected = OptionsKeyPatterns.Of(typeof(S3ToCloudSearchOptions))
            .Concat(OptionsKeyPatterns.Of(typeof(LambdaFunctionOptions), LambdaFunctionOptions.SectionName + ":"))
            .Append("AWS:**")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var pinned = KnownKeys.Value.Patterns.ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(pinned.SetEquals(expected),
            "src/S3ToCloudSearch/Configuration/ConfigurationKeys.txt differs from the options. Missing: "
            + string.Join(", ", expected.Except(pinned)) + "; not bound: " + string.Join(", ", pinned.Except(expected))
            + ". Its keys should be:\n" + OptionsKeyPatterns.FileText(expected));
    }

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
    public void Every_key_the_tool_reads_has_a_row_in_its_README()
    {
        var readme = Path.Combine(ToolProcess.RepositoryRoot, "src", "S3ToCloudSearch", "README.md");
        var rows = File.ReadLines(readme).Where(line => line.StartsWith('|')).ToList();

        var undocumented = KnownKeys.Value.Patterns
            .Where(pattern => !pattern.EndsWith("**", StringComparison.Ordinal))
            .Where(pattern => !rows.Any(row => Documents(row, pattern)))
            .ToList();

        Assert.True(undocumented.Count == 0, "src/S3ToCloudSearch/README.md has no table row for: " + string.Join(", ", undocumented));
    }

    /// <summary>
    /// A row documents <c>Batch:MaxObjects</c> when it names the key's first section and its last name in backticks:
    /// the whole key, or keys grouped on one row (<c>`SinkOutage:MaxHold`, `ProbeDelay`</c>). A <c>*</c> (list index,
    /// dictionary key) may read <c>N</c> or <c>&lt;name&gt;</c>.
    /// </summary>
    private static bool Documents(string row, string pattern)
    {
        var segments = pattern.Split(':');
        var leaf = segments[^1] == "*" ? segments[^2] : segments[^1];
        var tokens = Regex.Matches(row, "`([^`]+)`").Select(m => m.Groups[1].Value.Split(':')).ToList();
        var sectionNamed = tokens.Any(token => string.Equals(token[0], segments[0], StringComparison.OrdinalIgnoreCase));
        var leafNamed = tokens.Any(token => token.Contains(leaf, StringComparer.OrdinalIgnoreCase));
        return sectionNamed && leafNamed;
    }
}
