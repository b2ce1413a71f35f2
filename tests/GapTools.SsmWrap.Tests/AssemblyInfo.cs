// ssmwrap execs, spawns and writes Unix modes: its tests run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
