namespace GapTools.SsmWrap.Cli.Arguments;

internal static class Usage
{
    public const string Text = """
        Usage: ssmwrap [flags] [--] command [args...]

        Reads SSM Parameter Store parameters into environment variables and files, then replaces itself with
        the command (execve: same PID, stdin/stdout/stderr and environment kept; SSM values override).

        Rules (repeatable; also from SSMWRAP_ENV, SSMWRAP_ENV_1, SSMWRAP_ENV_2, ... and likewise FILE and RULE):
          -env  path=P[,to=NAME][,prefix=X][,entirepath=true][,case=upper|keep][,style=posix|dotnet]
                      [,sanitize=true][,json=true][,stringlist=index][,optional=true]
                names as ssmwrap v2: the last segment of P (or the whole path, / as _), prefix in front, upper case;
                . and - are kept (a warning names each variable a shell cannot expand)
                sanitize=true: POSIX names instead (api.key-v2 -> API_KEY_V2, 1x -> _1X)
                to=NAME: the exact variable name for the one parameter P selects
          -file path=P,to=FILE[,mode=0600][,uid=N][,gid=N][,format=raw|dotenv|json][,optional=true]
                written atomically; a symlink at FILE stays and its final target is replaced
          -rule path=P,type=env|file,...       the keys of -env or -file
        P is /a/b (one parameter), /a/b/* (its children), /a/b/**/* (everything below), or
        /aws/reference/secretsmanager/<id> (a Secrets Manager secret).

        Flags (also SSMWRAP_<FLAG>, e.g. SSMWRAP_RETRIES=8; one or two dashes):
          -retries N            at most N attempts per SSM call, the first included, as in ssmwrap v2
                                (1: no retry; 0 or unset: no count limit, -retry-budget decides)
          -retry-budget D       retry throttling, 5xx and network errors until a call's waits add up to D
                                (default 30s: at least 8 retries, typically about 11)
          -max-delay D          longest single backoff delay, full jitter, e.g. 500ms, 10s (default 10s)
          -dry-run, -print      show variable names and files with values masked, then exit 0
          -init                 stay as PID 1: run the command as a child, forward signals, reap zombies
          -refresh-signal SIG   with -init: on SIGHUP|SIGUSR1|SIGUSR2 re-read and restart the command
          -stop-timeout D       with -refresh-signal: SIGKILL a child still running after D (default 10s)
          -log-format text|json logs on stderr (never values); JSON as the GapTools workers write it
          -log-level L          debug|info|warn|error (default info), also trace|critical|none
          -version, -help

        Exit status: the command's (it replaces ssmwrap); 1 when ssmwrap fails before running it;
        127 when the command is not found; 126 when it cannot be executed.
        """;
}
