using GapTools.Workers.Configuration;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// The keys S3ToCloudSearch reads under its section, pinned in ConfigurationKeys.txt (an embedded resource; a test keeps it
/// equal to the options types, and the README documents each).
/// </summary>
internal static class KnownKeys
{
    public const string ResourceName = "GapTools.S3ToCloudSearch.ConfigurationKeys.txt";

    public static KnownConfigurationKeys Value { get; } = KnownConfigurationKeys.FromResource(typeof(KnownKeys).Assembly, ResourceName);
}
