using System.Security.Cryptography;
using System.Text;

namespace GapTools.LocalAws.Signing;

/// <summary>The SigV4 key derivation, string to sign and signature (pure).</summary>
internal static class SigningKey
{
    public static byte[] Derive(string secretAccessKey, CredentialScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), scope.Date);
        key = Hmac(key, scope.Region);
        key = Hmac(key, scope.Service);
        return Hmac(key, CredentialScope.Terminator);
    }

    public static string StringToSign(string amzDate, CredentialScope scope, string canonicalRequest) =>
        $"{SigV4Authorization.Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Sign(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(Hmac(signingKey, stringToSign));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
