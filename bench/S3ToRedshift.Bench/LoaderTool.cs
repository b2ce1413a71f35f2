using System.Diagnostics;

namespace GapTools.S3ToRedshift.Bench;

/// <summary>How each loading strategy is run: the same Rin config.yaml for every one of them.</summary>
internal enum LoadStrategy
{
    /// <summary>Rin's config as it is: one COPY per object.</summary>
    PerObject,

    /// <summary>The same config plus a manifest prefix: one manifest COPY per batch.</summary>
    Batched,
}

/// <summary>A loader binary and how it is told to drain the queue once (<c>--batch</c> / <c>-batch</c>).</summary>
internal sealed record LoaderTool(string Name, string Path, bool IsRin)
{
    public static LoaderTool Ours(string path) => new("s3-to-redshift", System.IO.Path.GetFullPath(path), IsRin: false);

    public static LoaderTool Rin(string path) => new("Rin v1.3.2", System.IO.Path.GetFullPath(path), IsRin: true);

    public ProcessStartInfo StartInfo(string config, LoadStrategy strategy, Uri serviceUrl, string password)
    {
        var dll = Path.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(dll ? "dotnet" : Path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = System.IO.Path.GetDirectoryName(config)!,
        };
        if (dll)
        {
            start.ArgumentList.Add(Path);
        }

        string[] arguments = IsRin
            ? ["-config", config, "-batch"]
            : ["--config", config, "--batch", "--set", $"S3ToRedshift:AWS:ServiceURL={serviceUrl}",
               // A short long-poll, so the drain ends a second after the queue is empty instead of 20 s.
               "--set", "S3ToRedshift:Sqs:Consumer:WaitTime=00:00:01"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (strategy == LoadStrategy.Batched)
        {
            if (IsRin)
            {
                throw new InvalidOperationException("Rin has one strategy: one COPY per object.");
            }

            start.ArgumentList.Add("--set");
            start.ArgumentList.Add("S3ToRedshift:Manifest:Prefix=s3://bench-manifests/loads/");
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_ENDPOINT_URL"] = serviceUrl.ToString(); // Rin's SDK (the peer kit's build) reads it
        start.Environment["PGSSLMODE"] = "disable"; // lib/pq asks for TLS first; the wire proxy declines
        start.Environment["REDSHIFT_PASSWORD"] = password;
        return start;
    }
}
