using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws;

/// <summary>
/// The standalone command line: <c>--urls http://127.0.0.1:PORT</c> (or <c>--port N</c>; non-loopback hosts are
/// refused), <c>--verbose</c>, <c>--redshift NAME</c> (repeatable), <c>--redshift-backend "&lt;admin connection string&gt;"</c> and <c>--redshift-copy-cost MODEL</c>.
/// </summary>
internal sealed partial record StandaloneArguments
{
    public const int DefaultPort = 4566;

    public const string Usage = """
        usage: LocalAws [--urls http://127.0.0.1:PORT | --port PORT] [--verbose]
                        [--redshift NAME]... [--redshift-backend "<superuser connection string>"]
                        [--redshift-copy-cost off|typical|statement=800ms,file=8ms,mib=8ms,commit=300ms]

          --urls, --port       where to listen (loopback only; default 4566, 0 picks a free port)
          --verbose            log every request
          --redshift NAME      serve Redshift cluster NAME (repeatable); each gets its own throwaway PostgreSQL
                               (initdb in a temp directory, removed on exit) with database 'dev'
          --redshift-backend   put the clusters in front of this existing PostgreSQL instead (a superuser
                               connection string; its database and user become DBName and MasterUsername)
          --redshift-copy-cost what a COPY and its commit cost in time, as on a real cluster (default off;
                               'typical' is statement=800ms,file=8ms,mib=8ms,commit=300ms; see Redshift/README.md)
        """;

    public int Port { get; init; } = DefaultPort;

    public bool Verbose { get; init; }

    public bool Help { get; init; }

    /// <summary>Cluster identifiers from <c>--redshift</c>, in command-line order.</summary>
    public IReadOnlyList<string> RedshiftClusters { get; init; } = [];

    /// <summary>An existing PostgreSQL superuser connection string; null means a throwaway PostgreSQL per cluster.</summary>
    public string? RedshiftBackend { get; init; }

    /// <summary>The clusters' COPY cost model from <c>--redshift-copy-cost</c>; off by default.</summary>
    public CopyCostModel RedshiftCopyCost { get; init; } = CopyCostModel.None;

    /// <summary>Throws <see cref="ArgumentException"/> with a message for the user on a bad command line.</summary>
    public static StandaloneArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new StandaloneArguments();
        var clusters = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    parsed = parsed with { Port = ParsePortNumber(Value(args, ref i)) };
                    break;
                case "--urls":
                    parsed = parsed with { Port = PortOfUrl(Value(args, ref i)) };
                    break;
                case "--verbose":
                    parsed = parsed with { Verbose = true };
                    break;
                case "--redshift":
                    var name = Value(args, ref i);
                    if (!IsClusterIdentifier(name))
                    {
                        throw new ArgumentException(
                            $"--redshift '{name}' is not a Redshift cluster identifier: 1 to 63 lowercase letters, digits or hyphens, starting with a letter, no two hyphens in a row and none at the end.");
                    }

                    if (clusters.Contains(name, StringComparer.Ordinal))
                    {
                        throw new ArgumentException($"--redshift '{name}' is given twice.");
                    }

                    clusters.Add(name);
                    break;
                case "--redshift-backend":
                    if (parsed.RedshiftBackend is not null)
                    {
                        throw new ArgumentException("--redshift-backend is given twice.");
                    }

                    parsed = parsed with { RedshiftBackend = Value(args, ref i) };
                    break;
                case "--redshift-copy-cost":
                    var model = Value(args, ref i);
                    try
                    {
                        parsed = parsed with { RedshiftCopyCost = CopyCostModel.Parse(model) };
                    }
                    catch (FormatException e)
                    {
                        throw new ArgumentException($"--redshift-copy-cost: {e.Message}", e);
                    }

                    break;
                case "-h" or "--help":
                    parsed = parsed with { Help = true };
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (parsed.RedshiftBackend is not null && clusters.Count == 0)
        {
            throw new ArgumentException("--redshift-backend needs at least one --redshift NAME to serve.");
        }

        if (!parsed.RedshiftCopyCost.IsNone && clusters.Count == 0)
        {
            throw new ArgumentException("--redshift-copy-cost needs at least one --redshift NAME to apply to.");
        }

        return parsed with { RedshiftClusters = clusters };
    }

    /// <summary>Redshift's ClusterIdentifier rules (CreateCluster).</summary>
    internal static bool IsClusterIdentifier(string name) => name.Length <= 63 && ClusterIdentifierPattern().IsMatch(name);

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static int ParsePortNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort
            ? port
            : throw new ArgumentException($"'{text}' is not a port number.");

    private static int PortOfUrl(string urls)
    {
        if (!Uri.TryCreate(urls.Split(';')[0], UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"--urls '{urls}' is not an http:// URL.");
        }

        if (!(url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip))))
        {
            throw new ArgumentException($"LocalAws binds to loopback only; '{url.Host}' is not a loopback address.");
        }

        return url.Port;
    }

    [GeneratedRegex("^[a-z](?:-?[a-z0-9])*$")]
    private static partial Regex ClusterIdentifierPattern();
}
