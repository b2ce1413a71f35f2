using System.Net;

namespace GapTools.LocalAws;

/// <summary>Reads <c>--urls http://127.0.0.1:PORT</c> (or <c>--port N</c>) and refuses non-loopback hosts.</summary>
internal static class StandaloneArguments
{
    public const int DefaultPort = 4566;

    public static int ParsePort(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--port")
            {
                return int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            }

            if (args[i] == "--urls")
            {
                var url = new Uri(args[i + 1].Split(';')[0]);
                if (!(url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip))))
                {
                    throw new ArgumentException($"LocalAws binds to loopback only; '{url.Host}' is not a loopback address.");
                }

                return url.Port;
            }
        }

        return DefaultPort;
    }
}
