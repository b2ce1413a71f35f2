namespace GapTools.Core; internal static class Placeholder { }
