using System.Text.Json.Nodes;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>One validated add (with fields) or delete (Fields null) from a Search Data Format batch.</summary>
internal sealed record SdfOperation(string Id, JsonObject? Fields);
