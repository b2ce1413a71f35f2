using System.Diagnostics;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GapTools.Packaging.Tests;

/// <summary>
/// The SAM templates of deploy/lambda hold what the Lambda form needs to be safe: the custom runtime and its
/// bootstrap, partial batch responses on every SQS event, a dead-letter queue, a visibility timeout of at least six
/// function timeouts, a policy that lets the function delete what it did and grants no wildcard action. Read with
/// YamlDotNet's representation model, which keeps CloudFormation's short tags (!Ref, !GetAtt, !Sub, !If) as node tags
/// instead of failing on them.
/// </summary>
public sealed class LambdaTemplateTests
{
    /// <summary>Each template and the configuration section of its tool.</summary>
    public static TheoryData<string, string> Templates => new()
    {
        { "s3-to-redshift.yaml", "S3ToRedshift" },
        { "s3-to-cloudsearch.yaml", "S3ToCloudSearch" },
    };

    public static TheoryData<string> Files => new("s3-to-redshift.yaml", "s3-to-cloudsearch.yaml");

    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Theory]
    [MemberData(nameof(Templates))]
    public void The_function_is_a_custom_runtime_whose_bootstrap_is_the_packaged_zip(string file, string section)
    {
        var template = Template.Load(file);
        Assert.Equal("AWS::Serverless-2016-10-31", template.Root.Scalar("Transform"));

        var functions = template.ResourcesOfType("AWS::Serverless::Function");
        Assert.NotEmpty(functions);
        foreach (var (name, properties) in functions)
        {
            Assert.True("provided.al2023" == properties.Scalar("Runtime"), $"{file}: {name}.Runtime");
            Assert.True("bootstrap" == properties.Scalar("Handler"), $"{file}: {name}.Handler");

            // The zip scripts/package-lambda.sh writes, for the architecture the template defaults to.
            var architecture = template.Resolve(((YamlSequenceNode)properties["Architectures"]).Children.Single());
            var rid = architecture switch
            {
                "x86_64" => "linux-x64",
                "arm64" => "linux-arm64",
                _ => throw new InvalidOperationException($"{file}: {name}.Architectures is '{architecture}'"),
            };
            var tool = Path.GetFileNameWithoutExtension(file);
            Assert.Equal($"../../artifacts/lambda/{tool}-{rid}.zip", properties.Scalar("CodeUri"));

            // Configuration by environment: the tool's own section, double underscore as the separator.
            var variables = properties.Mapping("Environment").Mapping("Variables").Children.Keys
                .Select(k => ((YamlScalarNode)k).Value!)
                .ToList();
            Assert.DoesNotContain($"{section}__Sqs__Queue", variables); // the event source mapping reads the queue, not the function
            Assert.Contains($"{section}__Lambda__DeadlineMargin", variables);
            var foreign = variables.Where(v => v.Contains("__", StringComparison.Ordinal) && !v.StartsWith(section + "__", StringComparison.Ordinal)).ToList();
            Assert.True(foreign.Count == 0, $"{file}: variables outside the {section} section: {string.Join(", ", foreign)}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_sqs_event_reports_batch_item_failures_from_a_queue_with_a_dead_letter_queue_and_six_timeouts_of_visibility(string file)
    {
        var template = Template.Load(file);
        var events = 0;
        foreach (var (name, function) in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            var timeout = template.Number(function["Timeout"]);
            foreach (var (eventName, evt) in function.Mapping("Events").Children.Select(e => (((YamlScalarNode)e.Key).Value!, (YamlMappingNode)e.Value)))
            {
                if (evt.Scalar("Type") != "SQS")
                {
                    continue;
                }

                events++;
                var where = $"{file}: {name}.Events.{eventName}";
                var properties = evt.Mapping("Properties");
                var responseTypes = ((YamlSequenceNode)properties["FunctionResponseTypes"]).Children.Select(template.Resolve).ToList();
                Assert.Contains("ReportBatchItemFailures", responseTypes);
                Assert.True(properties.Children.ContainsKey("BatchSize"), $"{where}: no BatchSize");
                Assert.True(properties.Mapping("ScalingConfig").Children.ContainsKey("MaximumConcurrency"), $"{where}: no ScalingConfig.MaximumConcurrency");
                var window = properties.Children.TryGetValue("MaximumBatchingWindowInSeconds", out var w) ? template.Number(w) : 0;

                var queueName = template.GetAttResource(properties["Queue"]);
                var queue = template.Resource(queueName);
                Assert.Equal("AWS::SQS::Queue", queue.Scalar("Type"));
                var queueProperties = queue.Mapping("Properties");

                Assert.True(queueProperties.Children.ContainsKey("RedrivePolicy"), $"{file}: queue {queueName} has no RedrivePolicy");
                var redrive = queueProperties.Mapping("RedrivePolicy");
                Assert.Equal("AWS::SQS::Queue", template.Resource(template.GetAttResource(redrive["deadLetterTargetArn"])).Scalar("Type"));
                Assert.True(template.Number(redrive["maxReceiveCount"]) >= 1, $"{file}: queue {queueName}'s maxReceiveCount");

                // AWS: at least six times the function's timeout; a batching window holds messages in flight too.
                var visibility = template.Number(queueProperties["VisibilityTimeout"]);
                Assert.True(visibility >= (6 * timeout) + window,
                    $"{file}: queue {queueName}'s VisibilityTimeout {visibility} s < 6 x Timeout {timeout} s + batching window {window} s");
            }
        }

        Assert.True(events > 0, $"{file}: no SQS event");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_policy_lets_the_function_consume_its_queue_and_grants_no_wildcard_action(string file)
    {
        var template = Template.Load(file);
        foreach (var (name, function) in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            // An explicit role (every statement in the template), or SAM's Policies on the function.
            var policies = function.Children.TryGetValue("Role", out var role)
                ? template.Resource(template.GetAttResource(role)).Mapping("Properties")["Policies"]
                : function["Policies"];
            var actions = Actions(policies).ToList();
            Assert.True(actions.Count > 0, $"{file}: {name}'s policy grants nothing");

            foreach (var needed in new[] { "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "s3:GetObject" })
            {
                Assert.Contains(needed, actions);
            }

            var wildcards = actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)).ToList();
            Assert.True(wildcards.Count == 0, $"{file}: {name}'s policy grants {string.Join(", ", wildcards)}");
        }
    }

    [Fact]
    public void The_packaging_script_is_executable_in_git()
    {
        var script = Path.Combine(RepositoryRoot, "scripts", "package-lambda.sh");
        Assert.True(File.Exists(script), $"{script} is missing");

        var start = new ProcessStartInfo("git") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "ls-files", "-s", "--", "scripts/package-lambda.sh" })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        // "100755 <blob> 0\tscripts/package-lambda.sh"
        Assert.StartsWith("100755 ", output, StringComparison.Ordinal);
    }

    // Every Action (a string or a list) anywhere below the node, !If branches included.
    private static IEnumerable<string> Actions(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: "Action" })
                    {
                        foreach (var action in value is YamlSequenceNode list ? list.Children : [value])
                        {
                            yield return ((YamlScalarNode)action).Value!;
                        }
                    }
                    else
                    {
                        foreach (var action in Actions(value))
                        {
                            yield return action;
                        }
                    }
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var action in sequence.Children.SelectMany(Actions))
                {
                    yield return action;
                }

                break;
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GapTools.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No GapTools.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>One template and what resolving its values needs: literals, !Ref/Ref to a parameter's default.</summary>
    private sealed class Template(string file, YamlMappingNode root)
    {
        public YamlMappingNode Root { get; } = root;

        public static Template Load(string file)
        {
            var path = Path.Combine(RepositoryRoot, "deploy", "lambda", file);
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            return new Template(file, (YamlMappingNode)stream.Documents.Single().RootNode);
        }

        public IEnumerable<(string Name, YamlMappingNode Properties)> ResourcesOfType(string type) =>
            Root.Mapping("Resources").Children
                .Select(r => (Name: ((YamlScalarNode)r.Key).Value!, Resource: (YamlMappingNode)r.Value))
                .Where(r => r.Resource.Scalar("Type") == type)
                .Select(r => (r.Name, r.Resource.Mapping("Properties")));

        public YamlMappingNode Resource(string name) =>
            Root.Mapping("Resources").Children.TryGetValue(name, out var resource)
                ? (YamlMappingNode)resource
                : throw new InvalidOperationException($"{file}: no resource {name}");

        /// <summary>A literal scalar, or the default of the parameter a !Ref (or {Ref: …}) names.</summary>
        public string Resolve(YamlNode node)
        {
            if (node is YamlScalarNode scalar)
            {
                return TagOf(scalar) switch
                {
                    null => scalar.Value!,
                    "!Ref" => ParameterDefault(scalar.Value!),
                    var tag => throw new InvalidOperationException($"{file}: cannot resolve {tag} {scalar.Value} (line {scalar.Start.Line})"),
                };
            }

            if (node is YamlMappingNode { Children.Count: 1 } mapping && mapping.Children.Single() is { Key: YamlScalarNode { Value: "Ref" }, Value: YamlScalarNode name })
            {
                return ParameterDefault(name.Value!);
            }

            throw new InvalidOperationException($"{file}: cannot resolve the value at line {node.Start.Line}");
        }

        public int Number(YamlNode node) => int.Parse(Resolve(node), NumberStyles.Integer, CultureInfo.InvariantCulture);

        /// <summary>The resource an !GetAtt Name.Attr, !GetAtt [Name, Attr] or {Fn::GetAtt: [Name, Attr]} names.</summary>
        public string GetAttResource(YamlNode node) => (node, TagOf(node)) switch
        {
            (YamlScalarNode s, "!GetAtt") => s.Value!.Split('.')[0],
            (YamlSequenceNode s, "!GetAtt") => ((YamlScalarNode)s.Children[0]).Value!,
            (YamlMappingNode { Children.Count: 1 } m, null) when m.Children.Single() is { Key: YamlScalarNode { Value: "Fn::GetAtt" }, Value: YamlSequenceNode s } =>
                ((YamlScalarNode)s.Children[0]).Value!,
            _ => throw new InvalidOperationException($"{file}: expected a GetAtt at line {node.Start.Line}"),
        };

        // A short tag (!Ref, !GetAtt, …) or null: plain and quoted scalars have no tag or the non-specific '!'.
        private static string? TagOf(YamlNode node) => node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;

        private string ParameterDefault(string name) =>
            Root.Mapping("Parameters").Children.TryGetValue(name, out var parameter)
            && ((YamlMappingNode)parameter).Children.TryGetValue("Default", out var value)
                ? ((YamlScalarNode)value).Value!
                : throw new InvalidOperationException($"{file}: parameter {name} has no default to check against");
    }
}

internal static class YamlNodes
{
    public static YamlMappingNode Mapping(this YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? (value as YamlScalarNode)?.Value : null;
}
