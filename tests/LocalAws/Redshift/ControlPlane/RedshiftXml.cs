using System.Globalization;
using System.Xml.Linq;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>Renders Redshift control-plane shapes (query protocol, namespace 2012-12-01) from values.</summary>
internal static class RedshiftXml
{
    public static readonly XNamespace Namespace = "http://redshift.amazonaws.com/doc/2012-12-01/";

    public static XElement Cluster(RedshiftCluster cluster, string region)
    {
        var status = cluster.Status;
        return new XElement(Namespace + "Cluster",
            Element("ClusterIdentifier", cluster.Identifier),
            Element("NodeType", cluster.NodeType),
            Element("ClusterStatus", status),
            Element("ClusterAvailabilityStatus", RedshiftClusterStatus.AvailabilityOf(status)),
            Element("MasterUsername", cluster.MasterUsername),
            Element("DBName", cluster.DatabaseName),
            new XElement(Namespace + "Endpoint",
                Element("Address", cluster.Proxy.Host),
                Element("Port", cluster.Proxy.Port.ToString(CultureInfo.InvariantCulture))),
            Element("ClusterCreateTime", Timestamp(cluster.CreateTime)),
            Element("AutomatedSnapshotRetentionPeriod", "1"),
            Element("ManualSnapshotRetentionPeriod", "-1"),
            Element("AvailabilityZone", region + "a"),
            Element("PreferredMaintenanceWindow", "sun:06:00-sun:06:30"),
            Element("ClusterVersion", "1.0"),
            Element("AllowVersionUpgrade", "true"),
            Element("NumberOfNodes", cluster.NumberOfNodes.ToString(CultureInfo.InvariantCulture)),
            Element("PubliclyAccessible", "false"),
            Element("Encrypted", "false"),
            Element("EnhancedVpcRouting", "false"),
            new XElement(Namespace + "Tags"));
    }

    public static XElement[] Credentials(IssuedCredentials credentials) =>
    [
        Element("DbUser", credentials.DbUser),
        Element("DbPassword", credentials.Password),
        Element("Expiration", Timestamp(credentials.Expiration)),
    ];

    public static XElement Element(string name, string value) => new(Namespace + name, value);

    /// <summary>ISO 8601 in UTC with milliseconds, as the query protocol's timestamps are written.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
