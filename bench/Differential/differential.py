#!/usr/bin/env python3
"""Differential runs, run by scripts/differential.sh: the same small cases through each Go peer and through ours,
against one standalone LocalAws (tests/LocalAws, 127.0.0.1 only, with a Redshift cluster over a throwaway PostgreSQL).

  ssmwrap            ssmwrap v2.2.0 (ssmwrap2)  vs ours (ssmwrap): the child is `env -0`; compared: exit status, the
                     variables the child got beyond the base environment, and the files written (mode, content)
  s3-to-redshift     Rin v1.3.2 (rin -batch)   vs ours (--batch): the same Rin config.yaml, the same SQS bodies (the
                     notifications LocalAws's S3 sent); compared: exit status, rows per table, messages left in the queue
  s3-to-cloudsearch  s32cs v1.2.0 (s32cs-sqs)  vs ours (--batch): the same JSON-lines objects and notifications;
                     compared: exit status, documents in the domain, messages left, errors (bad lines reported + batches
                     CloudSearch refused)

Each case gets its own queue, domain or directory per tool, so what one tool left behind never reaches the other.
Not a test: nothing here passes or fails; it prints where the tools differ, for humans.
"""

import argparse
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Lambda.Bench"))
from bench_lambda import Child, LocalAws, base_environment, http, psql  # noqa: E402  (the Lambda bench's helpers)

RUN_TIMEOUT = 120  # seconds per tool run; a run that takes longer is reported as a timeout
CASE_FILTER = None  # --case REGEX: only the cases whose name it finds
RUN_DIR = None  # this run's work folder, shortened to <run> in the notes


def wanted(name):
    return CASE_FILTER is None or re.search(CASE_FILTER, name) is not None


def log(message):
    print(message, flush=True)


def run(argv, env, cwd=None, timeout=RUN_TIMEOUT, log_path=None, hangs_after=None):
    """Runs one tool to its end in its own session: (exit status, stdout bytes, stderr text). The status is
    'timeout' past `timeout`, or 'hangs, SIGTERM: N' when the tool printed `hangs_after` (a regex) and was still
    running 3 s later. The stderr also goes to log_path when given."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out_file, stderr=err_file,
                                start_new_session=True)
        if Child.pid_file:
            with open(Child.pid_file, "a") as f:
                f.write(f"{proc.pid}\n")
        code, marker_seen = None, None
        while code is None:
            try:
                code = proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                now = time.monotonic()
                if now - started > timeout:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                    code = "timeout"
                elif hangs_after and marker_seen is None:
                    err_file.seek(0)
                    if re.search(hangs_after, err_file.read().decode(errors="replace")):
                        marker_seen = now
                elif marker_seen is not None and now - marker_seen > 3:
                    os.killpg(proc.pid, signal.SIGTERM)
                    code = f"hangs, SIGTERM: {proc.wait(timeout=30)}"
        forget_pid(proc.pid)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read().decode(errors="replace")
    if log_path:
        with open(log_path, "w") as f:
            f.write(f"$ {' '.join(argv)}\n{err}")
    log(f"    {os.path.basename(argv[1] if argv[0] == 'dotnet' else argv[0])[:24]:<24} exit {code} after "
        f"{time.monotonic() - started:5.1f} s{f' ({log_path})' if log_path else ''}")
    return code, out, err


def forget_pid(pid):
    """A reaped process leaves the pid file: the script's trap must never signal a pid the system has reused."""
    if not Child.pid_file or not os.path.exists(Child.pid_file):
        return
    with open(Child.pid_file) as f:
        kept = [line for line in f if line.strip() and line.strip() != str(pid)]
    with open(Child.pid_file, "w") as f:
        f.writelines(kept)


def note(code, err):
    """For a failed run: the first stderr line that names an error (else the first line), without its timestamp."""
    if code == 0 or str(code).startswith("hangs"):
        return ""
    lines = [re.sub(r"^(\d{4}/\d\d/\d\d )?\d\d:\d\d:\d\d(\.\d+)? ", "", line.strip()) for line in err.splitlines() if line.strip()]
    at = next((i for i, line in enumerate(lines) if re.search(r"error|fail|fatal|refus", line, re.IGNORECASE)), 0)
    chosen = " ".join(lines[at:at + 2]) if lines[at:] and lines[at].endswith(":") else (lines[at] if lines else "")
    return re.sub(re.escape(RUN_DIR) + r"\S*/", "<run>/", chosen)[:160] if RUN_DIR else chosen[:160]


def short(value, limit=48):
    text = ascii(value)  # escapes show what a terminal would hide (U+FFFD, control characters)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def boto_clients(url):
    import boto3
    from botocore.config import Config

    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"})
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    return {name: session.client(name, endpoint_url=url, config=config) for name in ("s3", "sqs", "ssm")}


class Case:
    """One case: what it feeds both tools, and each tool's observation (a dict compared as a whole)."""

    def __init__(self, section, name, why):
        self.section, self.name, self.why = section, name, why
        self.peer = self.ours = None
        self.peer_note = self.ours_note = ""

    @property
    def same(self):
        return self.peer == self.ours


# -------------------------------------------------------------------------------------------------------- ssmwrap

SSM_PARAMETERS = [
    # name, value, type: every naming rule v2 applies to a path's children, in one folder
    ("/diff/app/db-host", "db.internal", "String"),             # '-' in the name
    ("/diff/app/api.key", "k-123", "String"),                   # '.' in the name
    ("/diff/app/1st-choice", "first", "String"),                # a leading digit
    ("/diff/app/hosts", "a.example,b.example", "StringList"),
    ("/diff/app/password", "pw-secret", "SecureString"),        # decrypted by both
    ("/diff/app/config", '{"user":"app","port":5432}', "String"),  # JSON (only ours has json=true)
    ("/diff/app/multiline", "line1\nline2", "String"),          # ssmwrap's raison d'etre: newlines kept
    ("/diff/app/nested/inner", "deep", "String"),               # not a direct child of /diff/app
    ("/diff/tls/cert", "-----BEGIN CERT-----\nMIIB\n-----END CERT-----\n", "SecureString"),
]


def ssmwrap_cases(aws, clients, tools, work):
    ssm = clients["ssm"]
    for name, value, kind in SSM_PARAMETERS:
        ssm.put_parameter(Name=name, Value=value, Type=kind, Overwrite=True)

    base = {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
        "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_SSM": aws.url,
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1",
    }
    for name in ("DOTNET_ROOT", "TMPDIR"):
        if name in os.environ:
            base[name] = os.environ[name]

    # (name, why, argv before '--' with {dir} for a per-tool folder, extra environment, names removed from it, child?)
    specs = [
        ("path /diff/app/*", "direct children: '-', '.', a leading digit, StringList, SecureString, JSON, newline",
         ["-env", "path=/diff/app/*"], {}, (), True),
        ("path /**/* entirepath=true", "everything below, named from the whole path",
         ["-env", "path=/diff/app/**/*,entirepath=true"], {}, (), True),
        ("prefix=APP_", "a prefix in front of every name", ["-env", "path=/diff/app/*,prefix=APP_"], {}, (), True),
        ("env to=NAME", "v2's to= on an env rule names the one variable",
         ["-env", "path=/diff/app/db-host,to=DATABASE_HOST"], {}, (), True),
        ("json=true", "ours expands a JSON value; v2 has no json key",
         ["-env", "path=/diff/app/config,json=true"], {}, (), True),
        ("SSMWRAP_ENV_1", "rules from the environment", [], {"SSMWRAP_ENV_1": "path=/diff/app/db-host"}, (), True),
        ("-file mode=0640", "a file target with an explicit mode",
         ["-file", "path=/diff/tls/cert,to={dir}/cert.pem,mode=0640"], {}, (), True),
        ("-file default mode", "a file target without mode= (v2: 0644, ours: 0600)",
         ["-file", "path=/diff/tls/cert,to={dir}/cert.pem"], {}, (), True),
        ("missing exact parameter", "a path naming one parameter that does not exist",
         ["-env", "path=/diff/app/nope"], {}, (), True),
        ("missing region", "no AWS_REGION/AWS_DEFAULT_REGION (the endpoint is set)",
         ["-env", "path=/diff/app/db-host"], {}, ("AWS_REGION", "AWS_DEFAULT_REGION"), True),
        ("unknown flag", "-nope", ["-nope"], {}, (), True),
        ("bare invocation", "no flags, no command", [], {}, (), False),
    ]
    cases = []
    for name, why, flags, extra, removed, with_child in specs:
        if not wanted(name):
            continue
        log(f"  {name}")
        case = Case("ssmwrap", name, why)
        for side in ("peer", "ours"):
            folder = tempfile.mkdtemp(prefix=f"ssmwrap-{side}-", dir=work)
            env = {k: v for k, v in base.items() if k not in removed}
            env.update(extra)
            argv = tools[f"ssmwrap_{side}"] + [f.replace("{dir}", folder) for f in flags]
            if with_child:
                argv += ["--", "env", "-0"]
            code, out, err = run(argv, env, log_path=f"{folder}.log")
            observed = {"exit": code}
            if code == 0 and with_child:
                child = dict(item.split("=", 1) for item in out.decode(errors="replace").split("\0") if "=" in item)
                observed["vars"] = {k: v for k, v in child.items() if env.get(k) != v}
            files = {}
            for entry in sorted(os.listdir(folder)):
                path = os.path.join(folder, entry)
                with open(path, "rb") as f:
                    files[entry] = {"mode": f"{os.stat(path).st_mode & 0o7777:04o}", "content": f.read().decode(errors="replace")}
            if files:
                observed["files"] = files
            setattr(case, side, observed)
            setattr(case, f"{side}_note", note(code, err))
        cases.append(case)
    return cases


def ssmwrap_summary(observed, note):
    parts = [f"exit {observed['exit']}"]
    if observed.get("vars"):
        names = " ".join(sorted(observed["vars"]))
        parts.append(names if len(names) <= 90 else f"{len(observed['vars'])} vars")
    elif "vars" in observed and not observed.get("files"):
        parts.append("no variables")
    for name, f in observed.get("files", {}).items():
        parts.append(f"file {name} {f['mode']}")
    if note:
        parts.append(f"«{note[:100]}»")
    return ", ".join(parts)


def ssmwrap_details(case):
    lines = []
    p, o = case.peer, case.ours
    if p["exit"] != o["exit"]:
        lines.append(f"exit: peer {p['exit']}, ours {o['exit']}")
    pv, ov = p.get("vars", {}), o.get("vars", {})
    for k in sorted(set(pv) | set(ov)):
        if pv.get(k) != ov.get(k):
            lines.append(f"{k}: peer {short(pv.get(k)) if k in pv else '(unset)'}, ours {short(ov.get(k)) if k in ov else '(unset)'}")
    pf, of = p.get("files", {}), o.get("files", {})
    for k in sorted(set(pf) | set(of)):
        if pf.get(k) != of.get(k):
            lines.append(f"file {k}: peer {pf.get(k, {}).get('mode', 'absent')}, ours {of.get(k, {}).get('mode', 'absent')}"
                         + ("" if pf.get(k, {}).get("content") == of.get(k, {}).get("content") else " (content differs)"))
    return lines


# ------------------------------------------------------------------------------------------------ s3-to-redshift

# Rin's README example, adapted to LocalAws: one cluster (the override target is left out), JSON rows, the queue
# templated per run; the password comes from the environment as the README shows. reconnect_on_error is left out
# here: the "README config" case below runs it as a dry run of both.
RIN_CONFIG = """\
queue_name: {queue}

credentials:
  aws_access_key_id: test
  aws_secret_access_key: test
  aws_region: us-east-1

redshift:
  host: {host}
  port: {port}
  dbname: {database}
  user: {user}
  password: '{{{{ must_env "REDSHIFT_PASSWORD" }}}}'
  schema: public{extra_redshift}

s3:
  bucket: diff-rin
  region: us-east-1

sql_option: "JSON 'auto'"

targets:
  - s3:
      key_prefix: test/foo/ignore
    discard: true

  - redshift:
      table: foo
    s3:
      key_prefix: test/foo

  - redshift:
      schema: xxx
      table: bar
    s3:
      key_prefix: test/bar
    break: true

  - redshift:
      schema: $1
      table: $2
    s3:
      key_regexp: test/schema-([a-z]+)/table-([a-z]+)/
"""

TABLES = ["public.foo", "xxx.bar", "public.baz"]

# Objects: key -> rows (each row's id says which object it came from).
RIN_OBJECTS = {
    "test/foo/ignore/skip.json": [1],                       # discard target
    "test/foo/a.json": [10, 11],                            # public.foo
    "test/bar/b.json": [20, 21],                            # xxx.bar, break
    "test/schema-public/table-baz/c.json": [30, 31],        # $1/$2 -> public.baz
    "test/foo/test/schema-public/table-baz/d.json": [40],   # matches foo and the regexp: loads into both
    "other/unmatched.json": [50],                           # no target matches
    "test/foo/broken.json": None,                           # not JSON: COPY fails
    "test/foo/removed.json": [60],                          # deleted again: an ObjectRemoved event
}


def redshift_cases(aws, clients, tools, work, cluster):
    s3, sqs = clients["s3"], clients["sqs"]
    db = {"host": cluster["host"], "port": cluster["port"], "database": cluster["database"],
          "user": cluster["masterUser"], "password": cluster["masterPassword"]}
    psql(db, "CREATE SCHEMA IF NOT EXISTS xxx; " + " ".join(
        f"CREATE TABLE IF NOT EXISTS {t} (id bigint NOT NULL, name varchar(64));" for t in TABLES))
    bodies = capture_notifications(s3, sqs, "diff-rin", {
        key: (b"{not json\n" if rows is None else "".join(json.dumps({"id": i, "name": f"row-{i}"}) + "\n" for i in rows).encode())
        for key, rows in RIN_OBJECTS.items()}, remove=["test/foo/removed.json"])

    specs = [
        ("routing", "discard, prefix, break, $1/$2, two targets for one key",
         [bodies[k] for k in ("test/foo/ignore/skip.json", "test/foo/a.json", "test/bar/b.json",
                              "test/schema-public/table-baz/c.json", "test/foo/test/schema-public/table-baz/d.json")]),
        ("duplicate delivery", "the same notification twice (SQS is at-least-once)", [bodies["test/foo/a.json"]] * 2),
        ("no target matches", "other/unmatched.json", [bodies["other/unmatched.json"]]),
        ("poison message", "a body that is not an S3 event", ["this is not an S3 event"]),
        ("s3:TestEvent", "what S3 sends when notifications are configured", [bodies["s3:TestEvent"]]),
        ("ObjectRemoved", "a delete event for a key under test/foo", [bodies["removed:test/foo/removed.json"]]),
        ("rows COPY rejects", "test/foo/broken.json is not JSON", [bodies["test/foo/broken.json"]]),
    ]
    cases = []
    for number, (name, why, messages) in enumerate(specs):
        if not wanted(name):
            continue
        log(f"  {name}")
        case = Case("s3-to-redshift", name, why)
        for side in ("peer", "ours"):
            queue = f"rs-{number}-{side}"
            queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
            for body in messages:
                sqs.send_message(QueueUrl=queue_url, MessageBody=body)
            folder = tempfile.mkdtemp(prefix=f"rin-{side}-", dir=work)
            config = os.path.join(folder, "config.yaml")
            with open(config, "w") as f:
                f.write(RIN_CONFIG.format(queue=queue, extra_redshift="", **db))
            # Empty tables, and ours forgets what it loaded before (its load log would skip an object loaded by an
            # earlier case: exactly once across runs is what it is for, but each case starts from nothing).
            psql(db, " ".join(f"TRUNCATE {t};" for t in TABLES) + " DROP TABLE IF EXISTS public.gaptools_load_log;")
            # rin -batch v1.3.2 does not exit after "No messages. Exit.": its signal goroutine waits for a cancel
            # that only a signal or -max-execution-time gives; the harness sends SIGTERM 3 s after that line.
            code, _, err = run(tools[f"redshift_{side}"] + redshift_flags(side, aws, config), redshift_env(aws, db), cwd=folder,
                               log_path=os.path.join(folder, "stderr.log"), hangs_after=r"Shutdown SQS Batch")
            case_rows = {t: [int(x) for x in psql(db, f"SELECT id FROM {t} ORDER BY id").split()] for t in TABLES}
            setattr(case, side, {"exit": drained(code), "rows": {t: r for t, r in case_rows.items() if r},
                                 "left": messages_left(sqs, queue_url)})
            setattr(case, f"{side}_note", note(code, err) or ("hung after the drain: SIGTERM" if code != drained(code) else ""))
        cases.append(case)

    # Rin's README config keeps reconnect_on_error: does each tool accept the file? (a dry run: configuration only)
    if not wanted("README key reconnect_on_error"):
        return cases
    case = Case("s3-to-redshift", "README key reconnect_on_error", "the README config's redshift.reconnect_on_error, dry run")
    for side in ("peer", "ours"):
        folder = tempfile.mkdtemp(prefix=f"rin-{side}-", dir=work)
        config = os.path.join(folder, "config.yaml")
        with open(config, "w") as f:
            f.write(RIN_CONFIG.format(queue="rs-dry", extra_redshift="\n  reconnect_on_error: true", **db))
        flags = ["-config", config, "-dry-run"] if side == "peer" else ["--config", config, "--dry-run"]
        code, _, err = run(tools[f"redshift_{side}"] + flags, redshift_env(aws, db), cwd=folder,
                           log_path=os.path.join(folder, "stderr.log"))
        setattr(case, side, {"exit": code})
        setattr(case, f"{side}_note", note(code, err))
    cases.append(case)
    return cases


def drained(code):
    """Rin's hang after a complete drain is one known quirk (docs/differential-runs.md), not a
    difference in every row: compared as the status it exits with on SIGTERM."""
    m = re.fullmatch(r"hangs, SIGTERM: (-?\d+)", str(code))
    return int(m.group(1)) if m else code


def redshift_flags(side, aws, config):
    if side == "peer":
        return ["-config", config, "-batch"]
    # The same file; only how ours reaches LocalAws (path-style S3 on one endpoint) and a short long-poll, so the drain
    # ends a second after the queue is empty instead of 20 s.
    return ["--config", config, "--batch", "--set", f"S3ToRedshift:AWS:ServiceURL={aws.url}/",
            "--set", "S3ToRedshift:Sqs:Consumer:WaitTime=00:00:01", "--max-execution-time", "90s"]


def redshift_env(aws, db):
    env = base_environment()
    # Rin's patched SDK reads AWS_ENDPOINT_URL; lib/pq defaults to sslmode=require, the wire proxy answers N.
    env.update({"AWS_ENDPOINT_URL": aws.url, "PGSSLMODE": "disable", "REDSHIFT_PASSWORD": db["password"]})
    return env


def capture_notifications(s3, sqs, bucket, objects, remove=()):
    """Puts `objects` into a new bucket that notifies a capture queue; returns {key: body, 'removed:key': body,
    's3:TestEvent': body} as S3 sent them, to be sent again to each tool's own queue."""
    url = sqs.create_queue(QueueName=f"capture-{bucket}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
        {"QueueArn": arn, "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}]})
    for key, body in objects.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    for key in remove:
        s3.delete_object(Bucket=bucket, Key=key)
    bodies, wanted, empty = {}, len(objects) + len(remove) + 1, 0
    while len(bodies) < wanted and empty < 10:
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        empty = empty + 1 if not received else 0
        for message in received:
            body = json.loads(message["Body"])
            if body.get("Event") == "s3:TestEvent":
                bodies["s3:TestEvent"] = message["Body"]
                continue
            record = body["Records"][0]
            key = record["s3"]["object"]["key"]
            bodies[("removed:" if record["eventName"].startswith("ObjectRemoved") else "") + key] = message["Body"]
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    if len(bodies) < wanted:
        raise RuntimeError(f"only {len(bodies)} of {wanted} notifications arrived from {bucket}")
    return bodies


def messages_left(sqs, queue_url):
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"])["Attributes"]
    return sum(int(v) for v in attributes.values())


def redshift_summary(observed, note):
    parts = [f"exit {observed['exit']}"]
    if "rows" in observed:
        rows = observed["rows"]
        parts.append("rows " + (" ".join(f"{t.split('.')[-1]}:{','.join(map(str, ids))}" for t, ids in rows.items()) or "none"))
        parts.append(f"{observed['left']} left in queue")
    if note:
        parts.append(f"«{note[:100]}»")
    return ", ".join(parts)


def redshift_details(case):
    p, o = case.peer, case.ours
    lines = [f"{k}: peer {p.get(k)}, ours {o.get(k)}" for k in ("exit", "left") if p.get(k) != o.get(k)]
    pr, orows = p.get("rows", {}), o.get("rows", {})
    lines += [f"rows in {t}: peer {pr.get(t, [])}, ours {orows.get(t, [])}" for t in TABLES if pr.get(t) != orows.get(t)]
    return lines


# --------------------------------------------------------------------------------------------- s3-to-cloudsearch

def jl(*documents):
    return b"".join((d if isinstance(d, bytes) else json.dumps(d, ensure_ascii=False).encode()) + b"\n" for d in documents)


def add(doc_id, **fields):
    return {"type": "add", "id": doc_id, "fields": fields}


CS_CASES = [
    # name, why, key, object body (None: no object, the message is the poison below)
    ("adds and a delete", "two adds, then a delete line of the first",
     "feed/adds.json", jl(add("a1", title="one"), add("a2", title="two"), {"type": "delete", "id": "a1"})),
    ("extra top-level property", "a document with \"version\" beside id/type/fields",
     "feed/extra.json", jl({**add("x1", title="extra"), "version": 3}, add("x2", title="plain"))),
    ("invalid UTF-8, control char", "bytes FF FE and an escaped U+0001 in a value",
     "feed/utf8.json", b'{"type":"add","id":"u1","fields":{"title":"caf\xff\xfe \\u0001end"}}\n'),
    ("broken line in the middle", "add, a line that is not JSON, add",
     "feed/broken.json", jl(add("b1", title="before"), b"{not json", add("b2", title="after"))),
    ("too-big document", "one document over CloudSearch's 1 MB limit, then a small one",
     "feed/big.json", jl(add("big1", body="x" * (1024 * 1024 + 100)), add("ok1", title="small"))),
    ("invalid id, type, field", "empty id, type 'update', an upper-case field name, then a valid add",
     "feed/invalid.json", jl(add("", title="no id"), {"type": "update", "id": "i1", "fields": {"title": "t"}},
                             add("i2", Title="upper"), add("i3", title="valid"))),
    ("gzip without .gz suffix", "a gzip object whose key ends in .json",
     "feed/packed.json", gzip.compress(jl(add("g1", title="gzipped")))),
    ("poison message", "a body that is not an S3 event", None, None),
]


def cloudsearch_cases(aws, clients, tools, work):
    s3, sqs = clients["s3"], clients["sqs"]
    s3.create_bucket(Bucket="diff-cs-errors")
    bodies = capture_notifications(s3, sqs, "diff-cs", {key: body for _, _, key, body in CS_CASES if key})
    cases = []
    for number, (name, why, key, _) in enumerate(CS_CASES):
        if not wanted(name):
            continue
        log(f"  {name}")
        case = Case("s3-to-cloudsearch", name, why)
        for side in ("peer", "ours"):
            queue = f"cs-{number}-{side}"
            domain = f"cs-{number}-{side}"
            queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
            sqs.send_message(QueueUrl=queue_url, MessageBody=bodies[key] if key else "this is not an S3 event")
            http("POST", f"{aws.url}/_localaws/cloudsearch/domains/{domain}")
            http("DELETE", f"{aws.url}/_localaws/requests")
            env = base_environment()
            env["AWS_ENDPOINT_URL"] = aws.url
            errors_prefix = f"{domain}/"
            if side == "peer":
                argv = tools["cloudsearch_peer"] + ["-queue", queue_url, "-default-endpoint", f"{aws.url}/{domain}"]
            else:
                argv = tools["cloudsearch_ours"] + [
                    "--batch", "--set", f"S3ToCloudSearch:Sqs:Queue={queue}",
                    "--set", f"S3ToCloudSearch:DocumentEndpoint={aws.url}/{domain}",
                    "--set", f"S3ToCloudSearch:AWS:ServiceURL={aws.url}/",
                    "--set", "S3ToCloudSearch:Sqs:Consumer:WaitTime=00:00:01",  # the drain ends 1 s after empty
                    "--set", f"S3ToCloudSearch:ErrorsLocation=s3://diff-cs-errors/{errors_prefix}",
                    "--max-execution-time", "90s"]
            code, _, err = run(argv, env, cwd=work, log_path=os.path.join(work, f"{domain}.log"))
            status, text = http("GET", f"{aws.url}/_localaws/cloudsearch/domains/{domain}/documents")
            docs = {}
            for line in text.splitlines():
                if "\t" in line:
                    doc_id, fields = line.split("\t", 1)
                    docs[doc_id] = json.loads(fields)
            _, journal = http("GET", f"{aws.url}/_localaws/requests?service=cloudsearch")
            refused = sum(1 for line in journal.splitlines() if line.split()[3:4] and line.split()[3] >= "400")
            if side == "peer":
                # s32cs logs each line it gives up on: a decode failure (then it stops reading) or a failed validation.
                bad_lines = len(re.findall(r"decode json failed|SDF record validation failed", err))
            else:
                bad_lines = error_file_lines(s3, "diff-cs-errors", errors_prefix)
            setattr(case, side, {"exit": code, "docs": docs, "left": messages_left(sqs, queue_url),
                                 "bad lines": bad_lines, "refused batches": refused})
            setattr(case, f"{side}_note", note(code, err))
        cases.append(case)
    return cases


def error_file_lines(s3, bucket, prefix):
    count = 0
    for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []):
        body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        count += sum(1 for line in body.splitlines() if line.strip())
    return count


def cloudsearch_summary(observed, note):
    docs = observed["docs"]
    parts = [f"exit {observed['exit']}", "docs " + (",".join(sorted(docs)) or "none"),
             f"errors: {observed['bad lines']} bad lines + {observed['refused batches']} refused batches",
             f"{observed['left']} left in queue"]
    if note:
        parts.append(f"«{note[:100]}»")
    return ", ".join(parts)


def cloudsearch_details(case):
    lines = []
    p, o = case.peer, case.ours
    for k in ("exit", "left", "bad lines", "refused batches"):
        if p[k] != o[k]:
            lines.append(f"{k}: peer {p[k]}, ours {o[k]}")
    for doc_id in sorted(set(p["docs"]) | set(o["docs"])):
        pd, od = p["docs"].get(doc_id), o["docs"].get(doc_id)
        if pd != od:
            lines.append(f"doc {doc_id}: peer {short(pd, 60) if pd is not None else '(absent)'}, "
                         f"ours {short(od, 60) if od is not None else '(absent)'}")
    return lines


# -------------------------------------------------------------------------------------------------------- report

SUMMARIES = {"ssmwrap": ssmwrap_summary, "s3-to-redshift": redshift_summary, "s3-to-cloudsearch": cloudsearch_summary}
DETAILS = {"ssmwrap": ssmwrap_details, "s3-to-redshift": redshift_details, "s3-to-cloudsearch": cloudsearch_details}
PEER_NAMES = {"ssmwrap": "ssmwrap v2.2.0", "s3-to-redshift": "Rin v1.3.2", "s3-to-cloudsearch": "s32cs v1.2.0"}


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def report(cases):
    lines = []
    for section in SUMMARIES:
        chosen = [c for c in cases if c.section == section]
        if not chosen:
            continue
        lines += ["", f"### {section} vs {PEER_NAMES[section]}", "",
                  "| case | peer result | ours | same/different |", "| --- | --- | --- | --- |"]
        for c in chosen:
            lines.append(f"| {cell(c.name)} | {cell(SUMMARIES[section](c.peer, c.peer_note))} | "
                         f"{cell(SUMMARIES[section](c.ours, c.ours_note))} | {'same' if c.same else '**different**'} |")
        differing = [c for c in chosen if not c.same]
        if differing:
            lines += ["", "Where they differ:"]
            for c in differing:
                lines.append(f"- {c.name} ({c.why}):")
                lines += [f"    - {d}" for d in DETAILS[section](c)]
    total = len(cases)
    lines += ["", f"{sum(1 for c in cases if c.same)} of {total} cases behave the same; "
              f"{sum(1 for c in cases if not c.same)} differ."]
    return "\n".join(lines)


def command(value):
    """A tool as given on the command line: a binary, or a .dll run with `dotnet`."""
    path = os.path.abspath(value)
    return ["dotnet", path] if path.endswith(".dll") else [path]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--localaws", required=True, help="tests/LocalAws/bin/Release/net10.0/LocalAws.dll")
    parser.add_argument("--peers", required=True, help="folder with ssmwrap2, rin and s32cs-sqs")
    parser.add_argument("--ssmwrap", required=True, help="ours: a binary or a .dll")
    parser.add_argument("--s3-to-redshift", required=True)
    parser.add_argument("--s3-to-cloudsearch", required=True)
    parser.add_argument("--only", choices=["ssmwrap", "s3-to-redshift", "s3-to-cloudsearch"], action="append")
    parser.add_argument("--case", help="only the cases whose name this regular expression finds")
    parser.add_argument("--out", required=True)
    parser.add_argument("--pid-file")
    args = parser.parse_args()
    global CASE_FILTER  # noqa: PLW0603 (a script's settings)
    CASE_FILTER = args.case
    peers = os.path.abspath(args.peers)
    tools = {
        "ssmwrap_peer": [os.path.join(peers, "ssmwrap2")], "ssmwrap_ours": command(args.ssmwrap),
        "redshift_peer": [os.path.join(peers, "rin")], "redshift_ours": command(args.s3_to_redshift),
        "cloudsearch_peer": [os.path.join(peers, "s32cs-sqs")], "cloudsearch_ours": command(args.s3_to_cloudsearch),
    }
    sections = args.only or list(SUMMARIES)
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="run-", dir=os.path.abspath(args.out))
    global RUN_DIR
    RUN_DIR = work
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    Child.pid_file = args.pid_file
    aws = None
    cases = []
    try:
        aws = LocalAws(os.path.abspath(args.localaws), work, "differential", extra=("--redshift", "diff"))
        clients = boto_clients(aws.url)
        if "ssmwrap" in sections:
            log("==> ssmwrap")
            cases += ssmwrap_cases(aws, clients, tools, work)
        if "s3-to-redshift" in sections:
            log("==> s3-to-redshift")
            _, body = http("GET", f"{aws.url}/_localaws/redshift/clusters/diff")
            cases += redshift_cases(aws, clients, tools, work, json.loads(body))
        if "s3-to-cloudsearch" in sections:
            log("==> s3-to-cloudsearch")
            cases += cloudsearch_cases(aws, clients, tools, work)
    finally:
        if aws is not None:
            aws.stop()
            forget_pid(aws.child.pid)
        Child.stop_all()
    table = report(cases)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table.lstrip() + "\n")
    log(table)
    log(f"\n(also in {os.path.join(args.out, 'results.md')}; logs and work folders in {work})")


if __name__ == "__main__":
    main()
