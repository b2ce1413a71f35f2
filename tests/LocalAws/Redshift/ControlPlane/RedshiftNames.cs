using System.Text.RegularExpressions;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>GetClusterCredentials' name rules (botocore redshift 2012-12-01, DbUser / DbGroups constraints).</summary>
internal static partial class RedshiftNames
{
    /// <summary>
    /// Redshift allows 64 characters; PostgreSQL truncates role names at 63 bytes, and the stand-in's role is
    /// <c>IAM:</c> plus the user, so 59 is the longest user it can represent faithfully.
    /// </summary>
    public const int MaxDbUserLength = 59;

    public static string ValidateDbUser(string dbUser)
    {
        if (!DbUserPattern().IsMatch(dbUser) || string.Equals(dbUser, "public", StringComparison.OrdinalIgnoreCase))
        {
            throw new AwsErrorException("InvalidParameterValue",
                $"DbUser '{dbUser}' is invalid: it must start with a letter and contain only letters, digits, '_', '+', '.', '@' or '-', and must not be PUBLIC.");
        }

        return dbUser.Length <= MaxDbUserLength
            ? dbUser
            : throw new AwsErrorException("InvalidParameterValue",
                $"DbUser '{dbUser}' is longer than {MaxDbUserLength} characters, the most the LocalAws stand-in supports (PostgreSQL role names are at most 63 bytes).");
    }

    public static string ValidateDbGroup(string group) =>
        DbGroupPattern().IsMatch(group)
            ? group
            : throw new AwsErrorException("InvalidParameterValue",
                $"DbGroup '{group}' is invalid: it must start with a lowercase letter and contain only lowercase letters, digits, '_', '+', '.', '@' or '-'.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+.@-]{0,63}$")]
    private static partial Regex DbUserPattern();

    [GeneratedRegex("^[a-z][a-z0-9_+.@-]{0,63}$")]
    private static partial Regex DbGroupPattern();
}
