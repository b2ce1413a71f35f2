using System.Globalization;

namespace GapTools.SsmWrap.Targets;

/// <summary>A file, written atomically with its mode and owner.</summary>
internal sealed record FileTarget(string Path, UnixFileMode Mode, int? Uid, int? Gid) : IParameterTarget
{
    public string Address => "file " + Path;

    public string Describe()
    {
        var owner = (Uid, Gid) switch
        {
            (null, null) => "",
            _ => $" owner {Uid?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{Gid?.ToString(CultureInfo.InvariantCulture) ?? "-"}",
        };
        return $"{Path} (mode {RuleSyntax.FormatMode(Mode)}{owner}, content masked)";
    }

    public void Export(string value, IDictionary<string, string> environment) => AtomicFileWriter.Write(Path, value, Mode, Uid, Gid);
}
