using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

internal sealed partial class S3Service
{
    private AwsResponse PutBucketNotificationConfiguration(AwsRequest request, string bucket)
    {
        var target = store.Bucket(bucket);
        var configuration = NotificationConfigurationXml.Parse(S3Xml.Parse(request.Body), NotificationConfigurationXml.NewId);
        store.SetNotifications(target, configuration, Requester(request));
        return AwsResponse.Empty();
    }

    private AwsResponse GetBucketNotificationConfiguration(string bucket) =>
        S3Xml.Response(NotificationConfigurationXml.Render(store.Bucket(bucket).Notifications));
}
