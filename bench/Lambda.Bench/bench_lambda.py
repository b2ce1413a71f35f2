#!/usr/bin/env python3
"""Lambda benchmark harness, run by scripts/bench-lambda.sh (not a test: nothing here passes or fails a build).

Every function process is a real custom-runtime bootstrap started with AWS_LAMBDA_RUNTIME_API pointing at a
standalone LocalAws (tests/LocalAws) on 127.0.0.1; LocalAws's Runtime API emulator records when the first
/next request arrives.

  cold start   spawn (time.time_ns() just before the fork) -> LocalAws's firstNextRequest (the same CLOCK_REALTIME),
               one fresh LocalAws per repetition (its stats never reset); peak RSS = VmHWM of the function process
               when it is waiting on /next. Variants: NativeAOT and JIT of both tools, and the Go peers if given.
  invocation   one SQS event of 100 records (real S3 notifications of 100 JSON-lines objects, 10 rows each) to
               s3-to-redshift against LocalAws --redshift (a throwaway PostgreSQL behind the wire proxy); the first
               invocation of a fresh process and a second one (warm), each on 100 new objects; the answer must
               have no batchItemFailures and 1,000 rows (and, for GapTools, 100 load-log rows) must land.

Figures are medians with min/max, and ratios of medians against the NativeAOT build measured in the same run.
"""

import argparse
import calendar
import concurrent.futures
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROWS_PER_OBJECT = 10


def slugify(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------------------- HTTP

def http(method, url, body=None, timeout=30.0):
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def iso_to_ns(text):
    """ISO 8601 with up to 9 fractional digits and an offset (what System.Text.Json writes) -> Unix ns."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)", text)
    if not m:
        raise ValueError(f"not an ISO timestamp: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    fraction = int((m.group(7) or "").ljust(9, "0"))
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    zone = m.group(8)
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return seconds * 1_000_000_000 + fraction


# ------------------------------------------------------------------------------------------------------ processes

class Child:
    """A process of ours, in its own session; stop() sends SIGTERM and reaps it (SIGKILL after a grace)."""

    registry = []
    pid_file = None

    def __init__(self, argv, env, log_path, cwd=None):
        self.log_file = open(log_path, "ab")
        self.spawn_ns = time.time_ns()
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=self.log_file,
                                     stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True)
        self.pid = self.proc.pid
        if Child.pid_file:
            with open(Child.pid_file, "a") as f:
                f.write(f"{self.pid}\n")  # scripts/bench-lambda.sh's trap ends what is left if we are killed
        self.rusage = None
        self.returncode = None
        Child.registry.append(self)

    def alive(self):
        return self.returncode is None and self.proc.poll() is None

    def vm_hwm_kib(self):
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def stop(self, grace=15.0):
        if self.returncode is not None:
            return self.returncode
        if self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while True:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.rusage = rusage
                self.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                _, status, self.rusage = os.wait4(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.02)
        self.proc.returncode = self.returncode
        self.log_file.close()
        return self.returncode

    @classmethod
    def stop_all(cls):
        for child in reversed(cls.registry):
            try:
                child.stop(grace=10.0)
            except (ChildProcessError, OSError):
                pass


class LocalAws:
    """A standalone LocalAws on a free loopback port (--port 0), read from its first line."""

    def __init__(self, dll, log_dir, name, extra=(), ready_timeout=120.0):
        self.log_path = os.path.join(log_dir, f"localaws-{name}.log")
        self.child = Child(["dotnet", dll, "--port", "0", *extra], base_environment(), self.log_path)
        deadline = time.monotonic() + ready_timeout
        self.url = None
        while time.monotonic() < deadline:
            with open(self.log_path, errors="replace") as f:
                text = f.read()
            m = re.search(r"LocalAws listening on (http://127\.0\.0\.1:(\d+))/", text)
            if m and (not extra or "Redshift cluster" in text):
                self.url = m.group(1)
                self.port = int(m.group(2))
                break
            if not self.child.alive():
                raise RuntimeError(f"LocalAws exited before it was ready:\n{text}")
            time.sleep(0.05)
        if self.url is None:
            raise RuntimeError(f"LocalAws not ready after {ready_timeout:.0f} s (see {self.log_path})")
        self.runtime_api = f"127.0.0.1:{self.port}"

    def warm(self):
        """Runs the control and Runtime API paths once (JIT) without counting a /next: an unknown request id is a 400."""
        for _ in range(5):
            http("GET", f"{self.url}/_localaws/health")
            http("GET", f"{self.url}/_localaws/lambda/stats")
            http("POST", f"{self.url}/2018-06-01/runtime/invocation/warm-up/response", "{}")
        stats = self.stats()
        if stats["nextRequests"] != 0:
            raise RuntimeError(f"warm-up counted a /next: {stats}")

    def stats(self):
        status, body = http("GET", f"{self.url}/_localaws/lambda/stats")
        if status != 200:
            raise RuntimeError(f"stats: {status} {body}")
        return json.loads(body)

    def invoke(self, event, timeout_seconds=120):
        start = time.perf_counter_ns()
        status, body = http("POST", f"{self.url}/_localaws/lambda/invoke?timeoutSeconds={timeout_seconds}", event,
                            timeout=timeout_seconds + 30)
        elapsed_ms = (time.perf_counter_ns() - start) / 1e6
        if status != 200:
            raise RuntimeError(f"invoke: {status} {body}")
        return elapsed_ms, json.loads(body)

    def stop(self):
        return self.child.stop(grace=30.0)


def base_environment():
    """What a function (and LocalAws) gets from us: a small, Lambda-like environment with fake AWS credentials."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "TZ": ":UTC",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
        "DOTNET_NOLOGO": "1",
    }
    for name in ("TMPDIR", "DOTNET_ROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


# ---------------------------------------------------------------------------------------------------- functions

def redshift_settings(service_url, redshift):
    """S3ToRedshift's keys as the function's environment (the end-to-end test's, without Sqs:*)."""
    return {
        "S3ToRedshift__AWS__Region": "us-east-1",
        "S3ToRedshift__AWS__ServiceURL": service_url + "/",
        "S3ToRedshift__AWS__AccessKeyId": "test",
        "S3ToRedshift__AWS__SecretAccessKey": "test",
        "S3ToRedshift__Redshift__Host": redshift["host"],
        "S3ToRedshift__Redshift__Port": str(redshift["port"]),
        "S3ToRedshift__Redshift__Database": redshift["database"],
        "S3ToRedshift__Redshift__User": redshift["user"],
        "S3ToRedshift__Redshift__Password": redshift["password"],
        "S3ToRedshift__Copy__IamRole": "arn:aws:iam::123456789012:role/loader",
        "S3ToRedshift__Copy__Parameters": "JSON 'auto'",
        "S3ToRedshift__Targets__0__Bucket": "incoming",
        "S3ToRedshift__Targets__0__KeyPrefix": "data/",
        "S3ToRedshift__Targets__0__Schema": "public",
        "S3ToRedshift__Targets__0__Table": "events",
        "S3ToRedshift__Manifest__Prefix": "s3://manifests/loads/",
    }


def cloudsearch_settings(service_url):
    return {
        "S3ToCloudSearch__AWS__Region": "us-east-1",
        "S3ToCloudSearch__AWS__ServiceURL": service_url + "/",
        "S3ToCloudSearch__AWS__AccessKeyId": "test",
        "S3ToCloudSearch__AWS__SecretAccessKey": "test",
        "S3ToCloudSearch__DocumentEndpoint": service_url + "/bench",
        "S3ToCloudSearch__ErrorsLocation": "s3://incoming/errors/",
    }


RIN_CONFIG = """\
# The minimum Rin v1.3.2 needs to get past init as a Lambda function (queue_name is optional there).
credentials:
  aws_access_key_id: test
  aws_secret_access_key: test
  aws_region: us-east-1
redshift:
  host: {host}
  port: {port}
  dbname: {database}
  user: {user}
  password: {password}
  schema: public
  table: events
s3:
  bucket: incoming
  region: us-east-1
  key_prefix: data/
sql_option: "JSON 'auto'"
targets:
  - s3:
      key_prefix: data/
"""

# No Redshift behind the cold-start runs: init must not need one (a closed port would fail a connection).
NO_REDSHIFT = {"host": "127.0.0.1", "port": 9, "database": "dev", "user": "postgres", "password": "unused"}


class Variant:
    def __init__(self, name, tool, build, argv, settings):
        self.name, self.tool, self.build, self.argv, self.settings = name, tool, build, argv, settings

    def start(self, aws, redshift, log_path, work_dir):
        env = base_environment()
        env.update(self.settings(aws.url, redshift, work_dir))
        env["AWS_LAMBDA_RUNTIME_API"] = aws.runtime_api
        return Child(self.argv, env, log_path, cwd=work_dir)


def make_variants(args):
    def gaptools_redshift(url, redshift, _):
        return redshift_settings(url, redshift)

    def gaptools_cloudsearch(url, _redshift, _):
        return cloudsearch_settings(url)

    def rin(url, redshift, work_dir):
        with open(os.path.join(work_dir, "config.yaml"), "w") as f:
            f.write(RIN_CONFIG.format(**redshift))
        # lib/pq defaults to sslmode=require; the wire proxy (like a Redshift without SSL) answers N.
        return {"RIN_CONFIG": os.path.join(work_dir, "config.yaml"), "AWS_ENDPOINT_URL": url, "PGSSLMODE": "disable"}

    def s32cs(url, _redshift, _):
        return {"ENDPOINT": url + "/bench", "AWS_ENDPOINT_URL": url}

    variants = [
        Variant("s3-to-redshift AOT", "s3-to-redshift", "NativeAOT", [args.aot_redshift], gaptools_redshift),
        Variant("s3-to-redshift JIT", "s3-to-redshift", "JIT", ["dotnet", args.jit_redshift], gaptools_redshift),
        Variant("s3-to-cloudsearch AOT", "s3-to-cloudsearch", "NativeAOT", [args.aot_cloudsearch], gaptools_cloudsearch),
        Variant("s3-to-cloudsearch JIT", "s3-to-cloudsearch", "JIT", ["dotnet", args.jit_cloudsearch], gaptools_cloudsearch),
    ]
    if args.rin:
        variants.append(Variant("Rin v1.3.2 (Go)", "s3-to-redshift", "Go", [args.rin], rin))
    if args.s32cs:
        variants.append(Variant("s32cs v1.2.0 (Go)", "s3-to-cloudsearch", "Go", [args.s32cs], s32cs))
    return variants


def wait_ready(aws, child, previous_next_requests, timeout=60.0):
    """Until the child's first /next reached LocalAws (nextRequests rose); returns the stats then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stats = aws.stats()
        if stats.get("initError"):
            raise RuntimeError(f"init error: {stats['initError']}")
        # The emulator counts a /next before it records the first one's time: wait for both.
        if stats["nextRequests"] > previous_next_requests and stats["firstNextRequest"]:
            return stats
        if not child.alive():
            raise RuntimeError(f"function exited ({child.proc.returncode}) before its first /next")
        time.sleep(0.01)
    raise RuntimeError(f"no /next within {timeout:.0f} s")


# --------------------------------------------------------------------------------------------------- cold start

def ready_log_ms(child):
    """GapTools' JSON log line 'is ready as a Lambda function' (Timestamp in ms) minus the spawn: init without /next."""
    with open(child.log_file.name, errors="replace") as f:
        for line in f:
            if "is ready as a Lambda function" in line:
                m = re.search(r'"Timestamp":"([^"]+)"', line)
                if m:
                    return (iso_to_ns(m.group(1)) - child.spawn_ns) / 1e6
    return None


FLOOR = "emulator floor"


def emulator_floor(aws):
    """A raw socket's GET /next on a fresh, warmed-up LocalAws: what the emulator itself adds to every cold start."""
    start = time.time_ns()
    with socket.create_connection(("127.0.0.1", aws.port), timeout=10) as connection:
        connection.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            stats = aws.stats()
            if stats["firstNextRequest"]:
                return (iso_to_ns(stats["firstNextRequest"]) - start) / 1e6
            time.sleep(0.005)
    raise RuntimeError("the emulator did not record a raw GET /next")


def cold_starts(args, variants, log_dir):
    results = {v.name: [] for v in variants}
    results[FLOOR] = []
    for rep in range(1, args.cold_reps + 1):
        aws = LocalAws(args.localaws, log_dir, f"cold-floor-{rep}")
        try:
            aws.warm()
            time.sleep(args.settle)
            floor_ms = emulator_floor(aws)
            results[FLOOR].append({"cold_ms": floor_ms})
            log(f"    {'(emulator floor)':<24} rep {rep}: a raw socket's GET /next {floor_ms:5.1f} ms")
        finally:
            aws.stop()
        for variant in variants:
            slug = slugify(variant.name)
            aws = LocalAws(args.localaws, log_dir, f"cold-{slug}-{rep}")
            child = None
            try:
                aws.warm()
                time.sleep(args.settle)
                work_dir = tempfile.mkdtemp(prefix=f"cold-{slug}-", dir=log_dir)
                child = variant.start(aws, NO_REDSHIFT, os.path.join(log_dir, f"cold-{slug}-{rep}.log"), work_dir)
                stats = wait_ready(aws, child, 0)
                first_next_ns = iso_to_ns(stats["firstNextRequest"])
                cold_ms = (first_next_ns - child.spawn_ns) / 1e6
                hwm = child.vm_hwm_kib()
                code = child.stop()
                ready_ms = ready_log_ms(child)
                results[variant.name].append({"cold_ms": cold_ms, "rss_kib": hwm, "exit": code, "ready_log_ms": ready_ms})
                split = f" (spawn → 'ready' log {ready_ms:6.0f} ms)" if ready_ms is not None else ""
                log(f"    {variant.name:<24} rep {rep}: cold start {cold_ms:7.1f} ms{split}, peak RSS {hwm / 1024:6.1f} MiB, "
                    f"exit {code} after SIGTERM")
            finally:
                if child is not None:
                    child.stop()
                aws.stop()
    return results


# --------------------------------------------------------------------------------------------------- invocation

def psql(redshift, sql):
    env = dict(os.environ, PGPASSWORD=redshift["password"], PGSSLMODE="disable", PGCONNECT_TIMEOUT="10")
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", redshift["host"], "-p",
                          str(redshift["port"]), "-U", redshift["user"], "-d", redshift["database"], "-c", sql],
                         env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql {sql!r}: {out.stderr}")
    return out.stdout.strip()


def scalar(redshift, sql):
    value = psql(redshift, sql)
    return int(value) if value else 0


def sqs_event(messages, queue_arn):
    """The event an SQS event source mapping hands the function (as LambdaFunctionTests builds it)."""
    return json.dumps({"Records": [{
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": m.get("Attributes", {}).get("SentTimestamp", "1767225600000")},
        "messageAttributes": {},
        "md5OfBody": m["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": "us-east-1",
    } for m in messages]})


def prepare_batches(aws, batch_names, objects):
    """Puts `objects` JSON-lines objects per batch under data/<batch>/ and returns {batch: SQS event}."""
    import boto3
    from botocore.config import Config

    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"},
                    max_pool_connections=16)
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    s3 = session.client("s3", endpoint_url=aws.url, config=config)
    sqs = session.client("sqs", endpoint_url=aws.url, config=config)
    s3.create_bucket(Bucket="incoming")
    s3.create_bucket(Bucket="manifests")
    queue_url = sqs.create_queue(QueueName="loads")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket="incoming", NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*"]}]})

    def put(job):
        batch, number = job
        first = number * ROWS_PER_OBJECT
        body = "".join(json.dumps({"id": first + i, "obj": number, "name": f"{batch}-{number}-{i}"}) + "\n"
                       for i in range(ROWS_PER_OBJECT))
        s3.put_object(Bucket="incoming", Key=f"data/{batch}/part-{number:04d}.json", Body=body.encode())

    jobs = [(batch, n) for batch in batch_names for n in range(objects)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(put, jobs))

    by_batch = {batch: [] for batch in batch_names}
    wanted = len(jobs)
    seen = set()
    empty = 0
    while len(seen) < wanted:
        received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       VisibilityTimeout=3600, AttributeNames=["All"]).get("Messages", [])
        empty = empty + 1 if not received else 0
        if empty > 10:
            raise RuntimeError(f"only {len(seen)} of {wanted} notifications arrived")
        for message in received:
            if "ObjectCreated" not in message["Body"]:
                continue  # the s3:TestEvent
            key = json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"]
            if key in seen:
                continue
            seen.add(key)
            by_batch[key.split("/")[1]].append(message)
    return {batch: sqs_event(messages, queue_arn) for batch, messages in by_batch.items()}


def invocations(args, variants, log_dir):
    chosen = [v for v in variants if v.tool == "s3-to-redshift"]
    aws = LocalAws(args.localaws, log_dir, "invocations", extra=("--redshift", "bench"))
    children = []
    results = {v.name: [] for v in chosen}
    want_rows = args.objects * ROWS_PER_OBJECT
    counted = {"gaptools": 0}
    try:
        status, body = http("GET", f"{aws.url}/_localaws/redshift/clusters/bench")
        cluster = json.loads(body)
        redshift = {"host": cluster["host"], "port": cluster["port"], "database": cluster["database"],
                    "user": cluster["masterUser"], "password": cluster["masterPassword"]}
        psql(redshift, "CREATE TABLE public.events (id bigint NOT NULL, obj integer, name varchar(64))")
        # A priming round (not counted) first: it creates the load log, and it JIT-compiles LocalAws's own COPY
        # paths (manifest and direct), so the first measured process does not pay for what the server does once.
        runs = [("prime", v) for v in chosen] + [(rep, v) for rep in range(1, args.invoke_reps + 1) for v in chosen]
        names = {(rep, v.name, which): f"{slugify(v.name)}-{rep}-{which}" for rep, v in runs for which in ("first", "warm")}
        started = time.monotonic()
        events = prepare_batches(aws, list(names.values()), args.objects)
        log(f"    {len(events)} batches of {args.objects} objects put and their notifications received "
            f"({time.monotonic() - started:.1f} s)")

        def invoke(variant, event, which):
            rows_before = scalar(redshift, "SELECT count(*) FROM public.events")
            ms, answer = aws.invoke(event)
            rows = scalar(redshift, "SELECT count(*) FROM public.events") - rows_before
            if answer["isError"] or answer["timedOut"]:
                raise RuntimeError(f"{variant.name} {which}: {answer}")
            failures = (json.loads(answer["body"] or "{}") or {}).get("batchItemFailures") or []
            if failures or rows != want_rows:
                raise RuntimeError(f"{variant.name} {which}: {len(failures)} batchItemFailures, {rows} rows landed "
                                   f"(want {want_rows})")
            if variant.build != "Go":
                counted["gaptools"] += 1
            return ms

        for rep, variant in runs:
            slug = slugify(variant.name)
            work_dir = tempfile.mkdtemp(prefix=f"invoke-{slug}-", dir=log_dir)
            before_next = aws.stats()["nextRequests"]
            child = variant.start(aws, redshift, os.path.join(log_dir, f"invoke-{slug}-{rep}.log"), work_dir)
            children.append(child)
            wait_ready(aws, child, before_next)
            row = {which: invoke(variant, events[names[(rep, variant.name, which)]], which) for which in ("first", "warm")}
            row["rss_kib"] = child.vm_hwm_kib()
            child.stop()
            label = "priming" if rep == "prime" else f"rep {rep}"
            log(f"    {variant.name:<24} {label:>7}: first {row['first']:7.1f} ms, warm {row['warm']:7.1f} ms, peak RSS "
                f"{row['rss_kib'] / 1024:6.1f} MiB (no batchItemFailures, {want_rows} rows each){' - not counted' if rep == 'prime' else ''}")
            if rep != "prime":
                results[variant.name].append({"first_ms": row["first"], "warm_ms": row["warm"], "rss_kib": row["rss_kib"]})
        load_log = scalar(redshift, "SELECT count(*) FROM gaptools_load_log")
        if load_log != counted["gaptools"] * args.objects:
            raise RuntimeError(f"load log has {load_log} rows, want {counted['gaptools'] * args.objects}")
        copies = scalar(redshift, "SELECT count(DISTINCT batch_id) FROM gaptools_load_log")
        log(f"    load log: {load_log} objects in {copies} COPYs ({counted['gaptools']} GapTools invocations)")
        return results, {"copies": copies, "gaptools_invocations": counted["gaptools"]}
    finally:
        for child in children:
            child.stop()
        aws.stop()


# -------------------------------------------------------------------------------------------------------- report

def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def fmt(s, unit, scale=1.0, digits=0):
    if s is None:
        return "n/a"
    return (f"{s['median'] / scale:,.{digits}f} {unit} ({s['min'] / scale:,.{digits}f}–{s['max'] / scale:,.{digits}f})")


def ratio(a, b):
    if a is None or b is None or b["median"] == 0:
        return "n/a"
    return f"{a['median'] / b['median']:.1f}×"


def report(variants, cold, invoke, extra, args):
    def name(v):
        return v.name if v.build == "Go" else v.name.rsplit(" ", 1)[0]

    def ms(s):
        return fmt(s, "ms", digits=1 if s and s["median"] < 100 else 0)

    lines = [f"Cold start: spawn → the first `/next` at LocalAws's Runtime API (same clock), median (min–max) of "
             f"{args.cold_reps}, a fresh LocalAws each; peak RSS (VmHWM) while waiting for the first invocation. "
             f"Ratios are of medians, against the NativeAOT build of the same tool.", "",
             "| Function | Build | Cold start | vs NativeAOT | of which spawn → 'ready' log | Peak RSS | vs NativeAOT |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    floor = summary([r["cold_ms"] for r in cold.get(FLOOR, [])])
    if floor:
        lines.append(f"| (emulator floor: a raw socket's `GET /next`) | — | {ms(floor)} | — | — | — | — |")
    for v in variants:
        base = next(b for b in variants if b.tool == v.tool and b.build == "NativeAOT")
        c, cb = (summary([r["cold_ms"] for r in cold[x.name]]) for x in (v, base))
        m, mb = (summary([r["rss_kib"] for r in cold[x.name]]) for x in (v, base))
        ready = summary([r["ready_log_ms"] for r in cold[v.name]])
        same = v is base
        lines.append(f"| {name(v)} | {v.build} | {ms(c)} | {'1 (baseline)' if same else ratio(c, cb)} | "
                     f"{ms(ready) if ready else '—'} | {fmt(m, 'MiB', 1024, 1)} | {'1 (baseline)' if same else ratio(m, mb)} |")
    if floor:
        lines += ["", "Every cold start includes the emulator floor: LocalAws is a JIT process and its `GET /next` path runs "
                  "for the first time (the warm-up before each spawn cannot run it without counting a `/next`)."]
    if invoke is not None:
        chosen = [v for v in variants if v.name in invoke]
        base = next(v for v in chosen if v.build == "NativeAOT")
        lines += ["", f"S3ToRedshift, one SQS event of {args.objects} records ({args.objects} JSON-lines objects × "
                  f"{ROWS_PER_OBJECT} rows, the notifications S3 sent) → rows in PostgreSQL behind LocalAws's Redshift "
                  f"wire proxy. Invoke round trip (`POST /_localaws/lambda/invoke`), median (min–max) of "
                  f"{args.invoke_reps} fresh processes, each serving a first and then a second (warm) invocation on "
                  f"new objects, after one uncounted priming round; every answer had no `batchItemFailures` and all "
                  f"{args.objects * ROWS_PER_OBJECT:,} rows landed.", "",
                  "| Function | Build | First invocation | vs NativeAOT | Second (warm) | vs NativeAOT | Peak RSS | vs NativeAOT |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        bf, bw, bm = (summary([r[k] for r in invoke[base.name]]) for k in ("first_ms", "warm_ms", "rss_kib"))
        for v in chosen:
            f, w, m = (summary([r[k] for r in invoke[v.name]]) for k in ("first_ms", "warm_ms", "rss_kib"))
            same = v is base
            lines.append(f"| {name(v)} | {v.build} | {ms(f)} | {'1 (baseline)' if same else ratio(f, bf)} | "
                         f"{ms(w)} | {'1 (baseline)' if same else ratio(w, bw)} | {fmt(m, 'MiB', 1024, 1)} | "
                         f"{'1 (baseline)' if same else ratio(m, bm)} |")
        lines += ["", f"GapTools: {extra['copies']} manifest COPYs for {extra['gaptools_invocations']} invocations "
                  f"(one per invocation, priming included); Rin: one COPY per object."]
    return "\n".join(lines)


def bench_rows(variants, cold, invoke):
    """The summary rows scripts/bench.sh prints (bench/Shared/BenchTable.cs's format): each tool's NativeAOT build
    against its Go peer when one ran, else against its JIT build."""
    rows = []
    for aot in (v for v in variants if v.build == "NativeAOT"):
        peers = [v for v in variants if v.tool == aot.tool and v.build == "Go"] or \
                [v for v in variants if v.tool == aot.tool and v.build == "JIT"]
        if not peers:
            continue
        base = peers[0]
        tool = aot.name.rsplit(" ", 1)[0]
        for key, what, unit, scale in (("cold_ms", "cold start (spawn → first /next)", "ms", 1.0),
                                       ("rss_kib", "peak RSS waiting for the first invocation", "MiB", 1024.0)):
            ours, theirs = (summary([r[key] for r in cold[x.name]]) for x in (aot, base))
            if ours and theirs:
                r = ours["median"] / theirs["median"]
                rows.append((f"Lambda {tool}, {what}", f"{ours['median'] / scale:.1f} {unit}",
                             f"{base.name} {theirs['median'] / scale:.1f} {unit}", f"{r:.2f}× {'time' if unit == 'ms' else 'RSS'}", "", ""))
    if invoke:
        aot = next((v for v in variants if v.name in invoke and v.build == "NativeAOT"), None)
        peer = next((v for v in variants if v.name in invoke and v.build == "Go"), None)
        if aot and peer:
            ours, theirs = (summary([r["first_ms"] for r in invoke[x.name]]) for x in (aot, peer))
            if ours and theirs:
                rows.append(("Lambda s3-to-redshift, first invocation of 100 SQS records", f"{ours['median']:.0f} ms",
                             f"{peer.name} {theirs['median']:.0f} ms", f"{theirs['median'] / ours['median']:.2f}× faster", "", ""))
    path = os.environ.get("BENCH_ROWS")
    for row in rows:
        print("bench row: " + " | ".join(row))
        if path:
            with open(path, "a") as f:
                f.write("\t".join(c.replace("\t", " ") for c in row) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--localaws", required=True, help="tests/LocalAws/bin/Release/net10.0/LocalAws.dll")
    parser.add_argument("--aot-redshift", required=True)
    parser.add_argument("--jit-redshift", required=True)
    parser.add_argument("--aot-cloudsearch", required=True)
    parser.add_argument("--jit-cloudsearch", required=True)
    parser.add_argument("--rin", help="the Go peer's binary (optional)")
    parser.add_argument("--s32cs", help="the Go peer's Lambda binary, functions/upload (optional)")
    parser.add_argument("--cold-reps", type=int, default=5)
    parser.add_argument("--invoke-reps", type=int, default=3)
    parser.add_argument("--objects", type=int, default=100)
    parser.add_argument("--settle", type=float, default=0.5, help="seconds between LocalAws's warm-up and the spawn")
    parser.add_argument("--skip-invocations", action="store_true")
    parser.add_argument("--out", required=True)
    parser.add_argument("--pid-file", help="append each child's pid here")
    args = parser.parse_args()
    for name in ("localaws", "aot_redshift", "jit_redshift", "aot_cloudsearch", "jit_cloudsearch", "rin", "s32cs", "out", "pid_file"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))  # the functions run in their own folders

    os.makedirs(args.out, exist_ok=True)
    log_dir = tempfile.mkdtemp(prefix="run-", dir=args.out)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    Child.pid_file = args.pid_file
    variants = make_variants(args)
    try:
        log(f"==> cold start: {args.cold_reps} repetitions × {len(variants)} functions (logs: {log_dir})")
        cold = cold_starts(args, variants, log_dir)
        invoke, extra = (None, None)
        if not args.skip_invocations:
            log(f"==> invocation: {args.objects} objects per SQS event, {args.invoke_reps} fresh processes per function")
            invoke, extra = invocations(args, variants, log_dir)
    finally:
        Child.stop_all()

    table = report(variants, cold, invoke, extra, args)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table + "\n")
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"cold": cold, "invoke": invoke, "extra": extra}, f, indent=2)
    log("")
    log(table)
    bench_rows(variants, cold, invoke)


if __name__ == "__main__":
    main()
