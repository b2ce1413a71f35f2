using YamlDotNet.RepresentationModel;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>
/// The <c>gaptools:</c> mapping of a Rin <c>config.yaml</c>: S3ToRedshift configuration keys (relative to the
/// section, nested or written <c>Redshift:ClusterIdentifier</c>) for what Rin has no key for, such as the cluster
/// of the wire transport's maintenance gate. Rin ignores the mapping (go-yaml v2 skips unknown keys), so one file
/// serves both tools. Its keys win over the ones mapped from Rin's.
/// </summary>
internal static class RinGapToolsSection
{
    /// <summary>The mapping's key at the document's root.</summary>
    public const string Key = "gaptools";

    // The first segment must name an S3ToRedshiftOptions member (or the tool's AWS section): a typo is an error, not ignored.
    private static readonly string[] Sections =
        ["AWS", "Batch", "Copy", "FailedMessageDelay", "LoadLog", "Manifest", "Redshift", "Retry", "SinkOutage", "Sqs", "Targets", "UnmatchedEvents"];

    /// <summary>Adds the mapping's keys to <paramref name="data"/>.</summary>
    public static void Read(RinYamlNodes nodes, YamlNode node, Dictionary<string, string?> data)
    {
        if (node is not YamlMappingNode mapping)
        {
            nodes.Error(node, $"{Key}: must be a mapping of S3ToRedshift keys (for example Redshift:ClusterIdentifier: my-cluster)");
            return;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var first = key.Split(':', 2)[0];
            if (!Sections.Contains(first, StringComparer.OrdinalIgnoreCase))
            {
                nodes.Error(keyNode, $"{Key}.{key}: unknown S3ToRedshift key (expected one of {string.Join(", ", Sections)})");
                continue;
            }

            Flatten(nodes, key, value, data);
        }
    }

    private static void Flatten(RinYamlNodes nodes, string key, YamlNode node, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                data[key] = scalar.Value;
                break;
            case YamlMappingNode mapping:
                foreach (var (childKey, child) in mapping.Children)
                {
                    Flatten(nodes, $"{key}:{(childKey as YamlScalarNode)?.Value}", child, data);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Flatten(nodes, $"{key}:{i}", sequence.Children[i], data);
                }

                break;
            default:
                nodes.Error(node, $"{Key}.{key}: must be a value, a mapping or a list");
                break;
        }
    }
}
