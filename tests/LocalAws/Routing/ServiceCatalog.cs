namespace GapTools.LocalAws.Routing;

/// <summary>The list of emulated services. Add a line here when a service folder is added.</summary>
internal static class ServiceCatalog
{
    public static IReadOnlyList<IAwsService> Create(LocalAwsState state)
    {
        // S3 event notifications (all three shapes) are delivered into the SQS emulator's queues.
        state.S3.NotificationSink = (queue, body) => state.Sqs.Send(queue, body);
        return
        [
            new CloudSearch.CloudSearchDocumentService(state.CloudSearch),
            new Ssm.SsmService(state.Ssm),
            new S3.S3Service(state.S3),
            new Sqs.SqsService(state.Sqs),
            new Redshift.ControlPlane.RedshiftControlPlaneService(state.Redshift),
            new Redshift.DataApi.RedshiftDataService(state),
        ];
    }
}
