using System.Globalization;
using System.Text.RegularExpressions;

namespace GapTools.S3ToRedshift.Cli;

/// <summary>
/// Rin v1.3's command line (Go's flag package) rewritten into this tool's, so <c>rin -config config.yaml -batch</c>
/// and its <c>RIN_*</c> variables keep working: <c>-config/-c</c>, <c>-batch/-b</c>, <c>-debug/-d</c>,
/// <c>-max-execution-time</c> (Go durations such as <c>1h30m</c>), <c>-dry-run</c> and <c>-version/-v</c>, with one
/// or two dashes and <c>-flag=value</c>. An explicit flag wins over its variable, as in Rin. Other tokens pass as they are.
/// </summary>
internal static partial class RinArguments
{
    // This tool's options that take a value: their value is copied, never rewritten.
    private static readonly string[] ValueOptions = ["--config", "--max-execution-time", "--event-file", "--log-format", "--log-level", "--set", "--url"];

    private static readonly (string Name, string? Short, bool IsBool)[] Flags =
    [
        ("config", "c", false), ("batch", "b", true), ("debug", "d", true), ("max-execution-time", null, false), ("dry-run", null, true), ("version", "v", true),
    ];

    /// <summary>
    /// The arguments to parse: Rin's flags and <c>RIN_*</c> variables as this tool's options. <paramref name="problem"/>
    /// says why a Rin flag cannot be honoured (a configuration URL), else null.
    /// </summary>
    public static string[] Translate(string[] args, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            if (ValueOptions.Contains(token, StringComparer.Ordinal) && i + 1 < args.Length)
            {
                seen.Add(token[2..]);
                if (token == "--max-execution-time")
                {
                    Emit(result, "max-execution-time", args[++i]); // Go's flag takes two dashes too: 1h30m
                }
                else
                {
                    result.Add(token);
                    result.Add(args[++i]);
                }

                continue;
            }

            if (Parse(token) is not { } flag)
            {
                if (token.StartsWith("--", StringComparison.Ordinal))
                {
                    seen.Add(token[2..]); // this tool's own --batch, --dry-run, --version
                }

                result.Add(token);
                continue;
            }

            var value = flag.Value;
            if (!flag.IsBool && value is null && i + 1 < args.Length)
            {
                value = args[++i];
            }

            seen.Add(flag.Name);
            Emit(result, flag.Name, flag.IsBool ? value ?? "true" : value);
        }

        // Rin reads RIN_<FLAG> before parsing its flags, so a flag given on the command line wins.
        foreach (var (name, _, _) in Flags)
        {
            if (!seen.Contains(name) && environment("RIN_" + name.ToUpperInvariant().Replace('-', '_')) is { Length: > 0 } value)
            {
                Emit(result, name, value);
            }
        }

        var config = result.IndexOf("--config");
        if (config >= 0 && config + 1 < result.Count && Uri.TryCreate(result[config + 1], UriKind.Absolute, out var url) && url.Scheme.Length > 1)
        {
            if (url.IsFile)
            {
                result[config + 1] = url.LocalPath; // Rin's file:// form
            }
            else
            {
                problem = $"--config {url.Scheme}://…: Rin fetches its configuration from HTTP/S3 URLs; s3-to-redshift reads a local file (download it first, for example with aws s3 cp).";
            }
        }

        return [.. result];
    }

    private static (string Name, bool IsBool, string? Value)? Parse(string token)
    {
        if (!token.StartsWith('-') || token == "-" || token == "--")
        {
            return null;
        }

        var body = token.TrimStart('-');
        if (token.Length - body.Length > 2)
        {
            return null;
        }

        var equals = body.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? body : body[..equals];
        var value = equals < 0 ? null : body[(equals + 1)..];
        foreach (var flag in Flags)
        {
            // Only Rin's spellings are rewritten: "--batch" and "--config X" are already this tool's.
            var isShort = token.Length - body.Length == 1;
            if (name == flag.Short || (name == flag.Name && (isShort || value is not null)))
            {
                return (flag.Name, flag.IsBool, value);
            }
        }

        return null;
    }

    private static void Emit(List<string> result, string name, string? value)
    {
        switch (name)
        {
            case "config":
                result.AddRange(["--config", value ?? ""]);
                break;
            case "max-execution-time":
                // Go's zero means no limit; any other Go duration becomes milliseconds.
                if (GoDurationMilliseconds(value ?? "") is { } ms)
                {
                    if (ms > 0)
                    {
                        result.AddRange(["--max-execution-time", ms.ToString("0.###", CultureInfo.InvariantCulture) + "ms"]);
                    }
                }
                else
                {
                    result.AddRange(["--max-execution-time", value ?? ""]);
                }

                break;
            default:
                if (IsTrue(value))
                {
                    result.AddRange(name == "debug" ? ["--log-level", "debug"] : ["--" + name]);
                }

                break;
        }
    }

    // strconv.ParseBool: 1, t, T, TRUE, true, True (and the false spellings); anything else is false here, as Rin ignores it.
    private static bool IsTrue(string? value) => value is "1" or "t" or "T" or "TRUE" or "true" or "True";

    private static double? GoDurationMilliseconds(string text)
    {
        if (text == "0")
        {
            return 0;
        }

        var match = GoDuration().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var total = 0.0;
        for (var i = 0; i < match.Groups["n"].Captures.Count; i++)
        {
            var amount = double.Parse(match.Groups["n"].Captures[i].Value, CultureInfo.InvariantCulture);
            total += amount * match.Groups["u"].Captures[i].Value switch
            {
                "h" => 3_600_000,
                "m" => 60_000,
                "s" => 1_000,
                "ms" => 1,
                "us" or "µs" or "μs" => 0.001,
                _ => 0.000_001,
            };
        }

        return total;
    }

    [GeneratedRegex(@"^(?:(?<n>\d+(?:\.\d*)?|\.\d+)(?<u>ns|us|µs|μs|ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}
