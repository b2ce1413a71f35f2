namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>The s3-to-cloudsearch tool run as its own process (see <see cref="ToolProcess"/>).</summary>
internal static class CliProcess
{
    public static ToolProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static ToolProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ToolProcess.Start("S3ToCloudSearch.Cli", "s3-to-cloudsearch", environment, args);
}
