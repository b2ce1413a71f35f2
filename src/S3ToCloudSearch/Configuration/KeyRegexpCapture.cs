namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>What the capture of <see cref="S3ToCloudSearchOptions.KeyRegexp"/> stands for.</summary>
public enum KeyRegexpCapture
{
    /// <summary>
    /// The first capture group names an entry of <see cref="S3ToCloudSearchOptions.Endpoints"/>: the keys can only choose
    /// among endpoints the configuration lists. The default.
    /// </summary>
    EndpointName,

    /// <summary>
    /// fujiwara/s32cs's meaning of <c>KEY_REGEXP</c> / <c>-key-regex</c>: the first capture group (the whole match when
    /// the pattern has none) is the document endpoint itself, a host name (https is implied) or an http(s) URL; an empty
    /// capture means <see cref="S3ToCloudSearchOptions.DocumentEndpoint"/>. Unlike s32cs, the endpoint must be a
    /// CloudSearch document endpoint (<c>*.cloudsearch.amazonaws.com</c>, <c>*.cloudsearch.amazonaws.com.cn</c>) or
    /// on <see cref="S3ToCloudSearchOptions.DocumentEndpoint"/>'s host: an object key is data, and whoever can write one
    /// must not be able to make the worker post signed requests to any address it can reach.
    /// </summary>
    Endpoint,
}
