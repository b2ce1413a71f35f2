namespace GapTools.LocalAws.Sqs;

/// <summary>One message (or message system) attribute: a data type plus a string or binary value.</summary>
internal sealed record SqsMessageAttribute(string DataType, string? StringValue, byte[]? BinaryValue)
{
    public static SqsMessageAttribute String(string value) => new("String", value, null);

    /// <summary>String, Number and Binary, each optionally with a custom label (<c>Number.int</c>).</summary>
    public string BaseType => DataType.Split('.', 2)[0];
}
