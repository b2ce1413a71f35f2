using YamlDotNet.RepresentationModel;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>The global <c>redshift</c>, <c>s3</c> and <c>sql_option</c> that Rin merges into each target.</summary>
internal sealed record RinDefaults(Dictionary<string, YamlNode> Redshift, Dictionary<string, YamlNode> S3, string? SqlOption);
