using System.Globalization;
using GapTools.Bench;
using GapTools.LocalAws;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.S3ToRedshift.Bench;
using GapTools.Testing;

// S3 → SQS → loader process → rows committed, for each loading strategy, in one run on one LocalAws and one
// PostgreSQL: the micro-batched worker (one manifest COPY per batch), the same worker with Rin's config (one COPY per
// object), and Rin v1.3.2 itself when PEERS_BIN names a folder holding `rin`. Twice: with the Redshift stand-in's
// COPY cost model ("typical": what a real cluster charges per COPY and commit) and without it (what the loaders
// themselves cost per object). Every figure is wall time from the process start to the last row committed.
// Usage: s3-to-redshift-bench [--tool <s3-to-redshift binary or .dll>] [--quick]
var settings = BenchSettings.Parse(args);
Console.WriteLine(settings.Describe());

await using var postgres = await PostgresServer.StartAsync();
await using var server = await LocalAwsServer.StartAsync();
var world = new LoadWorld(server, postgres);
var rows = new List<BenchRow>();

// With the cost model: batching against one COPY per object, ours and Rin's.
var costly = CopyCostModel.Typical;
Console.WriteLine($"==> COPY cost model '{costly}'");
var batched = await world.RunAsync(settings.Ours, LoadStrategy.Batched, settings.BatchedObjects, costly);
var perObject = await world.RunAsync(settings.Ours, LoadStrategy.PerObject, settings.CostlyPerObjectObjects, costly);
var rin = settings.Rin is { } rinTool ? await world.RunAsync(rinTool, LoadStrategy.PerObject, settings.CostlyPerObjectObjects, costly) : null;

rows.Add(Faster("S3ToRedshift batched vs one COPY per object (same worker), typical COPY cost", batched, perObject, "ours, one COPY per object", "≥ 10×", 10));
if (rin is not null)
{
    rows.Add(Faster("S3ToRedshift batched vs Rin, typical COPY cost", batched, rin, "Rin v1.3.2", "≥ 10×", 10));
    rows.Add(Faster("S3ToRedshift, Rin config (one COPY per object) vs Rin, typical COPY cost", perObject, rin, "Rin v1.3.2", "≥ 1.0×", 1.0));
}

// Without it: the loaders' own cost per object.
Console.WriteLine("==> no COPY cost (PostgreSQL's speed): the loaders' own overhead per object");
var batchedFree = await world.RunAsync(settings.Ours, LoadStrategy.Batched, settings.BatchedObjects, CopyCostModel.None);
var perObjectFree = await world.RunAsync(settings.Ours, LoadStrategy.PerObject, settings.FreePerObjectObjects, CopyCostModel.None);
var rinFree = settings.Rin is { } rinTool2 ? await world.RunAsync(rinTool2, LoadStrategy.PerObject, settings.FreePerObjectObjects, CopyCostModel.None) : null;
if (rinFree is not null)
{
    rows.Add(Faster("S3ToRedshift, Rin config (one COPY per object) vs Rin, no COPY cost", perObjectFree, rinFree, "Rin v1.3.2", "≥ 1.0×", 1.0));
    rows.Add(Faster("S3ToRedshift batched vs Rin, no COPY cost", batchedFree, rinFree, "Rin v1.3.2", "", null));
}
else
{
    rows.Add(Faster("S3ToRedshift batched vs one COPY per object (same worker), no COPY cost", batchedFree, perObjectFree, "ours, one COPY per object", "", null));
}

Console.WriteLine();
foreach (var row in rows)
{
    row.Write();
}

return new[] { batched, perObject, rin, batchedFree, perObjectFree, rinFree }.All(r => r is null || r.Complete) ? 0 : 1;

static BenchRow Faster(string work, LoadRun ours, LoadRun baseline, string baselineName, string goal, double? target)
{
    if (!ours.Complete || !baseline.Complete)
    {
        return new BenchRow(work, ours.Complete ? ours.Summary : "INCOMPLETE", $"{baselineName} {(baseline.Complete ? baseline.Summary : "INCOMPLETE")}", "—", goal, target is null ? "" : "no");
    }

    var ratio = ours.ObjectsPerSecond / baseline.ObjectsPerSecond;
    return BenchRow.Compare(work, ours.Summary, string.Create(CultureInfo.InvariantCulture, $"{baselineName} {baseline.Summary}"),
        ratio, "faster", goal, target is { } t ? ratio >= t : null);
}
