using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.S3;

internal sealed partial class S3Service
{
    private AwsResponse ListBuckets(AwsRequest request) =>
        S3Xml.Response(S3Xml.E("ListAllMyBucketsResult",
            Owner(request.AccessKeyId),
            S3Xml.E("Buckets", store.Buckets.Select(b => S3Xml.E("Bucket",
                S3Xml.E("Name", b.Name),
                S3Xml.E("CreationDate", S3Xml.Timestamp(b.Created)),
                S3Xml.E("BucketRegion", b.Region))))));

    private AwsResponse CreateBucket(AwsRequest request, string bucket)
    {
        if (!BucketName().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal))
        {
            throw S3Errors.InvalidBucketName(bucket);
        }

        var constraint = request.Body.Length == 0 ? null : S3Xml.Child(S3Xml.Parse(request.Body), "LocationConstraint");
        // "EU" is S3's legacy name for eu-west-1, still sent by the SDKs for that region.
        var region = string.IsNullOrEmpty(constraint) ? S3Defaults.Region : constraint == "EU" ? "eu-west-1" : constraint;
        if (region != request.Region)
        {
            // Same rule as AWS: the body's LocationConstraint must name the region the request was signed for.
            throw new AwsErrorException("IllegalLocationConstraintException",
                $"The {(constraint is null ? "unspecified" : constraint)} location constraint is incompatible for the region specific endpoint this request was sent to.");
        }

        if (!store.TryCreateBucket(bucket, region, request.AccessKeyId) && region != S3Defaults.Region)
        {
            // us-east-1 answers 200 to a re-create by the owner (legacy behaviour); every other region refuses.
            throw S3Errors.BucketAlreadyOwnedByYou(bucket);
        }

        var response = AwsResponse.Empty();
        response.Headers["Location"] = "/" + bucket;
        return response;
    }

    private AwsResponse HeadBucket(string bucket)
    {
        var found = store.Bucket(bucket);
        var response = AwsResponse.Empty();
        response.Headers["x-amz-bucket-region"] = found.Region;
        return response;
    }

    private AwsResponse DeleteBucket(string bucket)
    {
        store.DeleteBucket(bucket);
        return AwsResponse.Empty(HttpStatusCode.NoContent);
    }

    private AwsResponse GetBucketLocation(string bucket)
    {
        var region = store.Bucket(bucket).Region;
        // us-east-1 is reported as an empty constraint, as AWS does for backwards compatibility.
        return S3Xml.Response(S3Xml.E("LocationConstraint", region == S3Defaults.Region ? null : region));
    }

    private AwsResponse GetBucketVersioning(string bucket)
    {
        store.Bucket(bucket);
        return S3Xml.Response(S3Xml.E("VersioningConfiguration"));
    }

    private AwsResponse GetAcl(AwsRequest request, string bucket, string? key)
    {
        var found = store.Bucket(bucket);
        if (key is not null && !found.TryGet(key, out _))
        {
            throw S3Errors.NoSuchKey(key);
        }

        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        var owner = found.Owner;
        return S3Xml.Response(S3Xml.E("AccessControlPolicy",
            Owner(owner),
            S3Xml.E("AccessControlList", S3Xml.E("Grant",
                S3Xml.E("Grantee",
                    new XAttribute(XNamespace.Xmlns + "xsi", xsi),
                    new XAttribute(xsi + "type", "CanonicalUser"),
                    S3Xml.E("ID", S3Store.OwnerId(owner)),
                    S3Xml.E("DisplayName", owner)),
                S3Xml.E("Permission", "FULL_CONTROL")))));
    }

    private static XElement Owner(string accessKeyId) =>
        S3Xml.E("Owner", S3Xml.E("ID", S3Store.OwnerId(accessKeyId)), S3Xml.E("DisplayName", accessKeyId));

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
