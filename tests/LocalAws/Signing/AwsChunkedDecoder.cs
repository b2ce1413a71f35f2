using System.Globalization;
using System.Text;

namespace GapTools.LocalAws.Signing;

/// <summary>One chunk of an aws-chunked body: where its data sits in the decoded payload, and its signature if signed.</summary>
internal sealed record AwsChunk(int Offset, int Length, string? Signature);

/// <summary>A decoded aws-chunked body. <see cref="Chunks"/> ends with the zero-length final chunk.</summary>
internal sealed record AwsChunkedBody(
    byte[] Payload,
    IReadOnlyList<AwsChunk> Chunks,
    IReadOnlyList<KeyValuePair<string, string>> Trailers,
    string? TrailerSignature);

/// <summary>
/// Decodes <c>Content-Encoding: aws-chunked</c> bodies:
/// <c>hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n [name:value\r\n ...] \r\n</c>.
/// Framing only; <see cref="SigV4Verifier.VerifyChunkSignatures"/> checks the signatures and
/// <see cref="AwsChecksum"/> the trailing checksum.
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
/// </summary>
internal static class AwsChunkedDecoder
{
    public const string TrailerSignatureName = "x-amz-trailer-signature";

    // A chunk header is a hex size plus a 64-hex signature; anything far longer is not aws-chunked framing.
    private const int MaxLineLength = 4096;

    public static bool IsAwsChunked(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HeaderValues("Content-Encoding").Any(v => v.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase))
            || (request.Header("x-amz-content-sha256")?.StartsWith("STREAMING-", StringComparison.Ordinal) ?? false);
    }

    /// <param name="body">The body as received.</param>
    /// <param name="decodedContentLength">The <c>x-amz-decoded-content-length</c> header value, when sent.</param>
    public static bool TryDecode(ReadOnlySpan<byte> body, long? decodedContentLength, out AwsChunkedBody decoded, out string? error)
    {
        decoded = null!;
        using var payload = new MemoryStream();
        var chunks = new List<AwsChunk>();
        var position = 0;
        while (true)
        {
            var lineStart = position;
            if (!TryReadLine(body, ref position, out var line, out error))
            {
                return false;
            }

            if (!TryParseChunkHeader(line, out var size, out var signature))
            {
                error = $"aws-chunked: invalid chunk header '{Printable(line)}' at byte {lineStart}; expected hex-size[;chunk-signature=<64 hex>].";
                return false;
            }

            chunks.Add(new AwsChunk((int)payload.Length, size, signature));
            if (size == 0)
            {
                break;
            }

            if (body.Length - position < size + 2L)
            {
                error = $"aws-chunked: chunk of {size} bytes at byte {position} runs past the end of the body ({body.Length - position} bytes left).";
                return false;
            }

            payload.Write(body.Slice(position, size));
            position += size;
            if (body[position] != '\r' || body[position + 1] != '\n')
            {
                error = $"aws-chunked: chunk data ending at byte {position} is not followed by CRLF.";
                return false;
            }

            position += 2;
        }

        if (!TryReadTrailers(body, ref position, out var trailers, out var trailerSignature, out error))
        {
            return false;
        }

        if (decodedContentLength is { } expected && expected != payload.Length)
        {
            error = $"aws-chunked: x-amz-decoded-content-length is {expected} but the chunks hold {payload.Length} bytes.";
            return false;
        }

        decoded = new AwsChunkedBody(payload.ToArray(), chunks, trailers, trailerSignature);
        return true;
    }

    /// <summary>Trailer lines up to an empty line; the end of the body may stand in for the final empty line.</summary>
    private static bool TryReadTrailers(
        ReadOnlySpan<byte> body, ref int position,
        out List<KeyValuePair<string, string>> trailers, out string? trailerSignature, out string? error)
    {
        trailers = [];
        trailerSignature = null;
        error = null;
        while (position < body.Length)
        {
            var lineStart = position;
            if (!TryReadLine(body, ref position, out var line, out error))
            {
                return false;
            }

            if (line.Length == 0)
            {
                if (position == body.Length)
                {
                    return true;
                }

                error = $"aws-chunked: {body.Length - position} unexpected bytes after the end of the body at byte {position}.";
                return false;
            }

            var text = Encoding.UTF8.GetString(line);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"aws-chunked: trailer '{Printable(line)}' at byte {lineStart} is not name:value.";
                return false;
            }

            var (name, value) = (text[..colon].Trim().ToLowerInvariant(), text[(colon + 1)..].Trim());
            if (name == TrailerSignatureName)
            {
                trailerSignature = value;
            }
            else
            {
                trailers.Add(new(name, value));
            }
        }

        return true;
    }

    private static bool TryReadLine(ReadOnlySpan<byte> body, ref int position, out ReadOnlySpan<byte> line, out string? error)
    {
        var rest = body[position..];
        var end = rest[..Math.Min(rest.Length, MaxLineLength + 2)].IndexOf("\r\n"u8);
        if (end < 0)
        {
            line = default;
            error = rest.Length == 0
                ? $"aws-chunked: body ends at byte {position} before the final zero-length chunk."
                : $"aws-chunked: line at byte {position} is not terminated by CRLF within {MaxLineLength} bytes.";
            return false;
        }

        line = rest[..end];
        position += end + 2;
        error = null;
        return true;
    }

    private static bool TryParseChunkHeader(ReadOnlySpan<byte> line, out int size, out string? signature)
    {
        signature = null;
        var text = Encoding.ASCII.GetString(line);
        var parts = text.Split(';');
        if (!int.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out size) || size < 0)
        {
            return false;
        }

        foreach (var extension in parts.Skip(1))
        {
            var equals = extension.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && extension[..equals] == "chunk-signature")
            {
                signature = extension[(equals + 1)..];
                if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigit))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string Printable(ReadOnlySpan<byte> line)
    {
        var text = Encoding.ASCII.GetString(line[..Math.Min(line.Length, 80)]);
        return new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
