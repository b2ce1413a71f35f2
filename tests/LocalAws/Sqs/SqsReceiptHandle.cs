using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// Names one receive of one message. Every receive mints a new handle, so an older handle of the same message is
/// recognisably stale (AWS: deleting with it succeeds but does not delete). Opaque base64 like AWS's handles.
/// </summary>
internal sealed record SqsReceiptHandle(string QueueName, string MessageId, string ReceiveId)
{
    private const string Prefix = "localaws";

    public override string ToString() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Prefix}\n{QueueName}\n{MessageId}\n{ReceiveId}"));

    public static bool TryParse(string? text, [NotNullWhen(true)] out SqsReceiptHandle? handle)
    {
        handle = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(bytes, 0, length).Split('\n');
        if (parts is not [Prefix, { Length: > 0 } queue, { Length: > 0 } messageId, { Length: > 0 } receiveId])
        {
            return false;
        }

        handle = new SqsReceiptHandle(queue, messageId, receiveId);
        return true;
    }
}
