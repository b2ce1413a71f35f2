using GapTools.SsmWrap.Cli.Exec;
using GapTools.SsmWrap.Cli.Running;

// Synchronous Main: execve must run on the main thread so the new program starts with its signal mask.
return SsmWrapCommand.Run(args, CurrentEnvironment.Read(), Console.Out, Console.Error);
