// TEMPORARY: replaced by the real verifier from the sigv4 branch at merge. Accepts every request.
namespace GapTools.LocalAws.Signing;

internal sealed record SignedRequest(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    public static bool TryRead(SignedRequest request, out CredentialScope? scope, out string? error)
    {
        scope = null;
        error = null;
        var auth = request.Headers.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        var credential = auth?.Split(' ', ',').FirstOrDefault(p => p.StartsWith("Credential=", StringComparison.Ordinal));
        var parts = credential?["Credential=".Length..].Split('/');
        if (parts is not { Length: 5 })
        {
            error = "Missing Authentication Token";
            return false;
        }

        scope = new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }
}

internal enum SigV4Failure { None, Missing, Malformed, UnknownAccessKey, SignatureMismatch, Expired }

internal sealed record SigV4Result(bool IsValid, CredentialScope? Scope, SigV4Failure Failure, string? Message);

internal sealed class SigV4Verifier(Func<string, string?> secretForAccessKey, TimeProvider time, TimeSpan? maxClockSkew = null)
{
    public SigV4Result Verify(SignedRequest request)
    {
        _ = time;
        _ = maxClockSkew;
        if (!CredentialScope.TryRead(request, out var scope, out var error))
        {
            return new SigV4Result(false, null, SigV4Failure.Missing, error);
        }

        return secretForAccessKey(scope!.AccessKeyId) is null
            ? new SigV4Result(false, scope, SigV4Failure.UnknownAccessKey, "unknown key")
            : new SigV4Result(true, scope, SigV4Failure.None, null);
    }
}
