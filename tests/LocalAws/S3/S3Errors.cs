using System.Net;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.S3;

/// <summary>S3's error codes, messages and detail elements, as the REST-XML error body carries them.</summary>
internal static class S3Errors
{
    public static AwsErrorException NoSuchBucket(string bucket) =>
        With(new AwsErrorException("NoSuchBucket", "The specified bucket does not exist", HttpStatusCode.NotFound), "BucketName", bucket);

    public static AwsErrorException NoSuchKey(string key) =>
        With(new AwsErrorException("NoSuchKey", "The specified key does not exist.", HttpStatusCode.NotFound), "Key", key);

    public static AwsErrorException NoSuchUpload(string uploadId) =>
        With(new AwsErrorException("NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            HttpStatusCode.NotFound), "UploadId", uploadId);

    public static AwsErrorException BucketNotEmpty(string bucket) =>
        With(new AwsErrorException("BucketNotEmpty", "The bucket you tried to delete is not empty", HttpStatusCode.Conflict), "BucketName", bucket);

    public static AwsErrorException BucketAlreadyOwnedByYou(string bucket) =>
        With(new AwsErrorException("BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it.", HttpStatusCode.Conflict), "BucketName", bucket);

    public static AwsErrorException BucketAlreadyExists(string bucket) =>
        With(new AwsErrorException("BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
            HttpStatusCode.Conflict), "BucketName", bucket);

    public static AwsErrorException InvalidBucketName(string bucket) =>
        With(new AwsErrorException("InvalidBucketName", "The specified bucket is not valid."), "BucketName", bucket);

    public static AwsErrorException InvalidRange(string requested, long size)
    {
        var error = new AwsErrorException("InvalidRange", "The requested range is not satisfiable", HttpStatusCode.RequestedRangeNotSatisfiable);
        error.Details["RangeRequested"] = requested;
        error.Details["ActualObjectSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        error.Headers["Content-Range"] = $"bytes */{size}";
        return error;
    }

    public static AwsErrorException InvalidArgument(string message, string name, string value)
    {
        var error = new AwsErrorException("InvalidArgument", message);
        error.Details["ArgumentName"] = name;
        error.Details["ArgumentValue"] = value;
        return error;
    }

    public static AwsErrorException InvalidRequest(string message) => new("InvalidRequest", message);

    public static AwsErrorException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

    public static AwsErrorException KeyTooLong() =>
        new("KeyTooLongError", "Your key is too long");

    public static AwsErrorException MetadataTooLarge() =>
        new("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size");

    public static AwsErrorException BadDigest(string algorithm) =>
        algorithm == "MD5"
            ? new("BadDigest", "The Content-MD5 you specified did not match what we received.")
            : new("BadDigest", $"The {algorithm} you specified did not match the calculated checksum.");

    public static AwsErrorException InvalidDigest() =>
        new("InvalidDigest", "The Content-MD5 you specified was invalid.");

    public static AwsErrorException PreconditionFailed(string condition) =>
        With(new AwsErrorException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
            HttpStatusCode.PreconditionFailed), "Condition", condition);

    public static AwsErrorException NotImplemented(string what) =>
        new("NotImplemented", $"A header you provided implies functionality that is not implemented ({what} is not emulated by LocalAws).",
            HttpStatusCode.NotImplemented, senderFault: false);

    private static AwsErrorException With(AwsErrorException error, string name, string value)
    {
        error.Details[name] = value;
        return error;
    }
}
