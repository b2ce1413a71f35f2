using System.Text;
using System.Text.Json;

namespace GapTools.Workers.Lambda;

/// <summary>
/// The error document the Runtime API takes (<c>/invocation/{id}/error</c>, <c>/init/error</c>). The message is ours,
/// written for the function's user: no stack trace, no secret.
/// </summary>
/// <param name="ErrorType">A short type such as <c>S3ToRedshift.ConfigurationError</c>.</param>
/// <param name="ErrorMessage">What went wrong, naming the key or object.</param>
public sealed record LambdaError(string ErrorType, string ErrorMessage)
{
    /// <summary><c>{"errorMessage":"…","errorType":"…"}</c> as UTF-8.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", ErrorMessage);
            json.WriteString("errorType", ErrorType);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToJson());
}
