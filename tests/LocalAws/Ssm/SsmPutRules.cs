using System.Text;
using System.Text.RegularExpressions;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>PutParameter's rules: given the request and the current version, the next version or an AWS error. Pure.</summary>
internal static class SsmPutRules
{
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
    public const int StandardValueLimit = 4096;
    public const int AdvancedValueLimit = 8192;
    public const int MaxDescriptionLength = 1024;
    public const string DefaultKeyId = "alias/aws/ssm";
    public const string Standard = "Standard";
    public const string Advanced = "Advanced";
    public const string IntelligentTiering = "Intelligent-Tiering";

    public static readonly string[] Types = ["String", "StringList", "SecureString"];
    public static readonly string[] DataTypes = ["text", "aws:ec2:image", "aws:ssm:integration"];
    private static readonly string[] Tiers = [Standard, Advanced, IntelligentTiering];

    public static SsmParameterVersion Next(SsmPut put, SsmParameterVersion? current, DateTimeOffset now)
    {
        SsmNames.ValidateForPut(put.Name);
        if (put.Value.Length == 0)
        {
            throw AwsErrorException.Validation(
                "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        CheckEnum(put.Type, "type", Types);
        CheckEnum(put.Tier, "tier", Tiers);
        if (put.Description is { Length: > MaxDescriptionLength })
        {
            throw AwsErrorException.Validation(
                $"1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to {MaxDescriptionLength}");
        }

        if (put.HasTags && put.Overwrite)
        {
            throw AwsErrorException.Validation(
                "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. " +
                "To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        }

        if (current is not null && !put.Overwrite)
        {
            throw new AwsErrorException("ParameterAlreadyExists",
                "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
        }

        var type = put.Type ?? current?.Type
            ?? throw AwsErrorException.Validation("A parameter type is required when you create a parameter.");
        var keyId = KeyId(put, type, current);
        var dataType = put.DataType is { Length: > 0 } requested ? requested : current?.DataType ?? "text";
        if (!DataTypes.Contains(dataType, StringComparer.Ordinal))
        {
            throw AwsErrorException.Validation(
                $"The following data type is not supported: {dataType} (Data type names are all lowercase.)");
        }

        var pattern = put.AllowedPattern ?? current?.AllowedPattern;
        CheckPattern(put.Value, pattern);
        var tier = Tier(put, current);
        return new SsmParameterVersion(
            put.Name,
            type,
            put.Value,
            (current?.Version ?? 0) + 1,
            now,
            put.Description ?? current?.Description,
            keyId,
            pattern,
            tier,
            dataType);
    }

    private static string? KeyId(SsmPut put, string type, SsmParameterVersion? current)
    {
        if (type != "SecureString")
        {
            return put.KeyId is null
                ? null
                : throw AwsErrorException.Validation("KeyId is required for SecureString type parameter only.");
        }

        if (put.KeyId is { } keyId && (keyId.Length is 0 or > 256 || !Regex.IsMatch(keyId, "^[a-zA-Z0-9:/_-]+$", RegexOptions.None, TimeSpan.FromSeconds(1))))
        {
            throw new AwsErrorException("InvalidKeyId", "The specified KeyId is not valid.");
        }

        return put.KeyId ?? (current?.Type == "SecureString" ? current.KeyId : null) ?? DefaultKeyId;
    }

    private static string Tier(SsmPut put, SsmParameterVersion? current)
    {
        var size = Encoding.UTF8.GetByteCount(put.Value);
        var requested = put.Tier ?? current?.Tier ?? Standard;
        if (requested == IntelligentTiering)
        {
            requested = size > StandardValueLimit || current?.Tier == Advanced ? Advanced : Standard;
        }

        if (requested == Standard && current?.Tier == Advanced)
        {
            throw AwsErrorException.Validation(
                "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the " +
                "standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.");
        }

        if (requested == Standard && size > StandardValueLimit)
        {
            throw AwsErrorException.Validation(
                "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, " +
                "upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html");
        }

        if (size > AdvancedValueLimit)
        {
            throw AwsErrorException.Validation("Advanced tier parameters support a maximum parameter value of 8192 characters.");
        }

        return requested;
    }

    private static void CheckPattern(string value, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return;
        }

        bool matches;
        try
        {
            matches = Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            throw new AwsErrorException("InvalidAllowedPatternException", "The request does not meet the regular expression requirement.");
        }

        if (!matches)
        {
            // AWS names the pattern, never the value (it may be a secret).
            throw new AwsErrorException("ParameterPatternMismatchException", $"Parameter value, cannot be validated against allowedPattern: {pattern}");
        }
    }

    private static void CheckEnum(string? value, string member, string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw AwsErrorException.Validation(
                $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }
}
