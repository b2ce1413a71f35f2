using System.Text;
using System.Xml.Linq;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.S3.Notifications;

/// <summary>Reads and writes the <c>NotificationConfiguration</c> document, with S3's validation.</summary>
internal static class NotificationConfigurationXml
{
    /// <param name="newId">Makes an id for a configuration that has none (S3 generates one).</param>
    public static NotificationConfiguration Parse(XElement root, Func<string> newId)
    {
        if (root.Name.LocalName != "NotificationConfiguration")
        {
            throw S3Errors.MalformedXml();
        }

        if (S3Xml.Children(root, "CloudFunctionConfiguration").Any())
        {
            throw S3Errors.NotImplemented("Lambda notification destinations");
        }

        var targets = S3Xml.Children(root, "TopicConfiguration").Select(e => Target(e, NotificationDestination.Topic, "Topic", "sns", newId))
            .Concat(S3Xml.Children(root, "QueueConfiguration").Select(e => Target(e, NotificationDestination.Queue, "Queue", "sqs", newId)))
            .ToList();
        RejectOverlaps(targets);
        return new NotificationConfiguration(targets, S3Xml.Children(root, "EventBridgeConfiguration").Any());
    }

    public static XElement Render(NotificationConfiguration configuration) =>
        S3Xml.E("NotificationConfiguration",
            configuration.Targets.Where(t => t.Destination == NotificationDestination.Topic).Select(t => Render(t, "TopicConfiguration", "Topic")),
            configuration.Targets.Where(t => t.Destination == NotificationDestination.Queue).Select(t => Render(t, "QueueConfiguration", "Queue")),
            configuration.EventBridge ? S3Xml.E("EventBridgeConfiguration") : null);

    private static XElement Render(NotificationTarget target, string element, string arnElement) =>
        S3Xml.E(element,
            S3Xml.E("Id", target.Id),
            S3Xml.E(arnElement, target.Arn.ToString()),
            target.Events.Select(e => S3Xml.E("Event", e)),
            target.Prefix is null && target.Suffix is null
                ? null
                : S3Xml.E("Filter", S3Xml.E("S3Key",
                    target.Prefix is null ? null : S3Xml.E("FilterRule", S3Xml.E("Name", "Prefix"), S3Xml.E("Value", target.Prefix)),
                    target.Suffix is null ? null : S3Xml.E("FilterRule", S3Xml.E("Name", "Suffix"), S3Xml.E("Value", target.Suffix)))));

    private static NotificationTarget Target(XElement element, NotificationDestination destination, string arnElement, string arnService, Func<string> newId)
    {
        var arnText = S3Xml.Child(element, arnElement) ?? throw S3Errors.MalformedXml();
        if (!Arn.TryParse(arnText, out var arn) || arn!.Service != arnService)
        {
            throw UnableToValidate(arnText, $"The destination ARN is not a valid {arnService.ToUpperInvariant()} ARN");
        }

        var events = S3Xml.Children(element, "Event").Select(e => e.Value).ToList();
        if (events.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        if (events.FirstOrDefault(e => !S3EventNames.Known.Contains(e)) is { } unknown)
        {
            throw S3Errors.InvalidArgument("The event is not supported for notifications", "Event", unknown);
        }

        var (prefix, suffix) = Filter(element);
        var id = S3Xml.Child(element, "Id");
        return new NotificationTarget(string.IsNullOrEmpty(id) ? newId() : id, destination, arn, events, prefix, suffix);
    }

    private static (string? Prefix, string? Suffix) Filter(XElement element)
    {
        var rules = S3Xml.Children(element, "Filter")
            .SelectMany(f => S3Xml.Children(f, "S3Key"))
            .SelectMany(k => S3Xml.Children(k, "FilterRule"))
            .Select(r => (Name: (S3Xml.Child(r, "Name") ?? "").ToUpperInvariant(), Value: S3Xml.Child(r, "Value") ?? ""))
            .ToList();
        foreach (var rule in rules)
        {
            if (rule.Name is not ("PREFIX" or "SUFFIX"))
            {
                throw S3Errors.InvalidArgument("filter rule name must be either prefix or suffix", "FilterRule.Name", rule.Name);
            }
        }

        if (rules.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw S3Errors.InvalidArgument($"Cannot specify more than one {twice.Key.ToUpperInvariant()} rule in a filter.", "FilterRule", twice.Key);
        }

        return (rules.Where(r => r.Name == "PREFIX").Select(r => r.Value).FirstOrDefault(),
                rules.Where(r => r.Name == "SUFFIX").Select(r => r.Value).FirstOrDefault());
    }

    // S3 refuses two configurations that could both fire for the same event on the same key.
    private static void RejectOverlaps(List<NotificationTarget> targets)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            for (var j = i + 1; j < targets.Count; j++)
            {
                var (a, b) = (targets[i], targets[j]);
                var events = a.Events.Any(x => b.Events.Any(y => S3EventNames.Overlap(x, y)));
                var prefixes = a.Prefix is null || b.Prefix is null
                    || a.Prefix.StartsWith(b.Prefix, StringComparison.Ordinal) || b.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal);
                var suffixes = a.Suffix is null || b.Suffix is null
                    || a.Suffix.EndsWith(b.Suffix, StringComparison.Ordinal) || b.Suffix.EndsWith(a.Suffix, StringComparison.Ordinal);
                if (events && prefixes && suffixes)
                {
                    throw S3Errors.InvalidArgument(
                        "Configurations overlap. Configurations on the same bucket cannot share a common event type.", "Event", string.Join(",", a.Events));
                }
            }
        }
    }

    /// <summary>AWS's answer when it cannot deliver the test event to a destination.</summary>
    public static AwsErrorException UnableToValidate(string arn, string reason)
    {
        var error = new AwsErrorException("InvalidArgument", "Unable to validate the following destination configurations");
        error.Details["ArgumentName1"] = arn;
        error.Details["ArgumentValue1"] = reason;
        return error;
    }

    /// <summary>S3's generated configuration ids look like base64 of a UUID.</summary>
    public static string NewId() => Convert.ToBase64String(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString()));
}
