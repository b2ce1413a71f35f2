namespace GapTools.LocalAws.Routing;

/// <summary>The list of emulated services. Add a line here when a service folder is added.</summary>
internal static class ServiceCatalog
{
    public static IReadOnlyList<IAwsService> Create(LocalAwsState state)
    {
        return
        [
            new Redshift.ControlPlane.RedshiftControlPlaneService(state.Redshift),
            new CloudSearch.CloudSearchDocumentService(state.CloudSearch),
            new Ssm.SsmService(state.Ssm),
            new S3.S3Service(state.S3),
        ];
    }
}
