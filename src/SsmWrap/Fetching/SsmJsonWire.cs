using System.Text.Json.Serialization;

namespace GapTools.SsmWrap.Fetching;

// The awsJson1_1 shapes of the three SSM reads ssmwrap makes, as the API reference names them
// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/): only the members ssmwrap sends or reads.
internal sealed record GetParametersByPathWire(string Path, bool Recursive, bool WithDecryption, int MaxResults, string? NextToken);

internal sealed record GetParametersWire(IReadOnlyList<string> Names, bool WithDecryption);

internal sealed record GetParameterWire(string Name, bool WithDecryption);

internal sealed record ParameterWire(string? Name, string? Type, string? Value);

internal sealed record ParametersResultWire(List<ParameterWire>? Parameters, string? NextToken);

internal sealed record ParameterResultWire(ParameterWire? Parameter);

// Source-generated (NativeAOT, no reflection); null members are left out of requests, as the SDK does.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetParametersByPathWire))]
[JsonSerializable(typeof(GetParametersWire))]
[JsonSerializable(typeof(GetParameterWire))]
[JsonSerializable(typeof(ParametersResultWire))]
[JsonSerializable(typeof(ParameterResultWire))]
internal sealed partial class SsmJsonContext : JsonSerializerContext;
