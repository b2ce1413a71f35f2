namespace GapTools.LocalAws.Ssm;

/// <summary>One stored version of a parameter, as Parameter Store keeps it.</summary>
public sealed record SsmParameterVersion(
    string Name,
    string Type,
    string Value,
    long Version,
    DateTimeOffset LastModified,
    string? Description,
    string? KeyId,
    string? AllowedPattern,
    string Tier,
    string DataType);

/// <summary>A Secrets Manager secret that <c>/aws/reference/secretsmanager/&lt;id&gt;</c> names resolve to.</summary>
/// <param name="Suffix">The six characters Secrets Manager appends to the name in the secret's ARN.</param>
public sealed record SsmSecret(string Name, string Suffix, string SecretString, string VersionId, DateTimeOffset Created, DateTimeOffset LastChanged)
{
    public string Arn(string region) => $"arn:aws:secretsmanager:{region}:{SsmNames.AccountId}:secret:{Name}-{Suffix}";
}
