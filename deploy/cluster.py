"""The production topology on this machine: `make cluster` starts it, `make cluster-down` stops it.

- two app nodes: gunicorn with production settings at 127.0.0.1:8001 and 127.0.0.1:8002;
- the task worker (`db_worker`) and the scheduled-publishing job (`publish_scheduled` every minute);
- SeaweedFS as the S3 store of media and citizens' photos, on ports of its own (9433–9436, gRPC +10000);
- the machine's PostgreSQL (database `portal_cluster`) and Redis (database 3);
- Varnish at 127.0.0.1:8090 in front (deploy/varnish/portal.vcl): balances the nodes, takes a node out
  while its /healthz/ fails, retries safe requests on the other node, compresses text.

Every process runs detached, with its pid and log under `.cluster/` (git ignores it). The first start
migrates, collects the static files and loads the demo; later starts only migrate and collect.

The fault tests run the same topology against services of their own: CLUSTER_STATE (another folder),
CLUSTER_DATABASE_URL (a PostgreSQL they may stop) and CLUSTER_REDIS_URL (a Redis they may stop).
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("CLUSTER_STATE", ROOT / ".cluster"))
VENV = ROOT / ".venv" / "bin"
FRONT = "127.0.0.1:8090"
NODES = {"node1": 8001, "node2": 8002}
DATABASE = "portal_cluster"
SEAWEED = {"master": 9433, "volume": 9434, "filer": 9435, "s3": 9436}
PASSED_THROUGH = (
    "REPORT_RATE_LIMIT",
    "REPORT_REFUSED_RATE_LIMIT",
    "REPORT_LOOKUP_RATE_LIMIT",
    "OPEN311_RATE_LIMIT",
)
BUCKETS = {"S3_MEDIA_BUCKET": "portal-media", "S3_PRIVATE_BUCKET": "portal-private"}


def log(message):
    print(f"cluster: {message}", flush=True)


def settings_env():
    """The environment every process of the cluster shares: production settings, shared services."""
    secret_file = STATE / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(64))
    s3_keys = json.loads((STATE / "s3-keys.json").read_text())
    return {
        "PATH": f"{VENV}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_file.read_text(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://{FRONT},http://localhost:8090",
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/3"),
        "STATIC_ROOT": str(STATE / "static"),
        "MEDIA_ROOT": str(STATE / "media"),
        "PRIVATE_MEDIA_ROOT": str(STATE / "private-media"),
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{SEAWEED['s3']}",
        "S3_ACCESS_KEY_ID": s3_keys["access"],
        "S3_SECRET_ACCESS_KEY": s3_keys["secret"],
        "S3_REGION": "us-east-1",
        **BUCKETS,
        # Plain HTTP on this machine; in production the proxy in front terminates TLS.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "PORTAL_PUBLIC_URL": f"http://{FRONT}",
        # Changes purge the front's cache (portal.frontend_cache).
        "FRONTEND_CACHE_URL": f"http://{FRONT}",
        "LOG_LEVEL": "WARNING",
        # Limits a test of the cluster may raise (many citizens behind one address).
        **{name: os.environ[name] for name in PASSED_THROUGH if name in os.environ},
    }


def start(name, args, env=None):
    """Start a detached process, its output in .cluster/logs/<name>.log and its pid in .cluster/pids/."""
    pid_file = STATE / "pids" / f"{name}.pid"
    if pid_file.exists() and alive(int(pid_file.read_text())):
        log(f"{name} already runs")
        return
    with open(STATE / "logs" / f"{name}.log", "ab") as output:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    pid_file.write_text(str(process.pid))


def alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def manage(env, *args):
    result = subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(f"cluster: manage.py {' '.join(args)} failed")


def wait_for(url, seconds, expect=200):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (this machine)
                if response.status == expect:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def ensure_varnish():
    if shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists():
        return
    if os.geteuid() != 0:
        sys.exit("cluster: Varnish is needed (Debian: apt-get install varnish); run as root to install it.")
    log("installing Debian's varnish")
    install = ["apt-get", "install", "-y", "-q", "varnish"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, env=env, capture_output=True).returncode:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=True)
        subprocess.run(install, env=env, capture_output=True, check=True)


def database_url():
    return os.environ.get("CLUSTER_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")


def ensure_database():
    import psycopg

    if "CLUSTER_DATABASE_URL" in os.environ:
        return  # a database given by whoever started the cluster (the fault tests)
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
            log(f"created the database {DATABASE}")


def start_seaweedfs():
    keys_file = STATE / "s3-keys.json"
    if not keys_file.exists():
        keys_file.write_text(json.dumps({"access": secrets.token_hex(10), "secret": secrets.token_hex(20)}))
    keys = json.loads(keys_file.read_text())
    config = {
        "identities": [
            {
                "name": "portal",
                "credentials": [{"accessKey": keys["access"], "secretKey": keys["secret"]}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            # Readers' browsers load media (images, renditions, documents) straight from the bucket;
            # the private bucket has no anonymous right at all.
            {"name": "anonymous", "actions": [f"Read:{BUCKETS['S3_MEDIA_BUCKET']}"]},
        ]
    }
    (STATE / "s3-config.json").write_text(json.dumps(config))
    (STATE / "seaweedfs").mkdir(exist_ok=True)
    start(
        "seaweedfs",
        [
            str(VENV / "weed"),
            "server",
            f"-dir={STATE / 'seaweedfs'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={SEAWEED['master']}",
            f"-volume.port={SEAWEED['volume']}",
            # Small volumes, and room for many: each bucket is a collection that grows volumes of its own.
            "-master.volumeSizeLimitMB=256",
            "-volume.max=64",
            "-filer",
            f"-filer.port={SEAWEED['filer']}",
            "-s3",
            f"-s3.port={SEAWEED['s3']}",
            f"-s3.config={STATE / 's3-config.json'}",
        ],
    )
    if not wait_for(f"http://127.0.0.1:{SEAWEED['master']}/cluster/status", 60):
        sys.exit("cluster: SeaweedFS did not start (see .cluster/logs/seaweedfs.log)")
    ensure_buckets(keys)


def ensure_buckets(keys):
    import boto3
    from botocore.exceptions import ClientError, EndpointConnectionError

    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{SEAWEED['s3']}",
        aws_access_key_id=keys["access"],
        aws_secret_access_key=keys["secret"],
        region_name="us-east-1",
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
            break
        except (ClientError, EndpointConnectionError):
            if time.monotonic() > deadline:
                sys.exit("cluster: the S3 gateway of SeaweedFS does not answer")
            time.sleep(1)
    for bucket in BUCKETS.values():
        if bucket not in existing:
            s3.create_bucket(Bucket=bucket)
    # The gateway answers before the volumes can take a file: wait until each bucket stores one.
    for bucket in BUCKETS.values():
        while True:
            try:
                s3.put_object(Bucket=bucket, Key="cluster-probe", Body=b"ok")
                s3.delete_object(Bucket=bucket, Key="cluster-probe")
                break
            except ClientError:
                if time.monotonic() > deadline:
                    sys.exit(f"cluster: SeaweedFS does not store files in {bucket}")
                time.sleep(1)


def port_taken(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def check_ports():
    """Stop early when another program holds a port of the cluster (a cluster started elsewhere, say)."""
    ours = {name for name in ("seaweedfs", *NODES, "varnish") if running(name)}
    wanted = {"seaweedfs": list(SEAWEED.values()), **{name: [port] for name, port in NODES.items()}}
    wanted["varnish"] = [int(FRONT.rsplit(":", 1)[1])]
    taken = [port for name, ports in wanted.items() if name not in ours for port in ports if port_taken(port)]
    if taken:
        sys.exit(f"cluster: ports {taken} are taken by another program: stop it first (make cluster-down?)")


def running(name):
    pid_file = STATE / "pids" / f"{name}.pid"
    return pid_file.exists() and alive(int(pid_file.read_text()))


def up():
    started = time.monotonic()
    for folder in ("pids", "logs", "static", "media", "private-media"):
        (STATE / folder).mkdir(parents=True, exist_ok=True)
    check_ports()
    ensure_varnish()
    ensure_database()
    start_seaweedfs()
    env = settings_env()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    if not (STATE / "demo-loaded").exists():
        log("loading the demo (first start)")
        manage(env, "load_demo", "-v0")
        (STATE / "demo-loaded").touch()
    for name, port in NODES.items():
        start(
            name,
            [
                str(VENV / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--timeout=60",
                "--graceful-timeout=10",
                "--access-logfile=-",
            ],
            env,
        )
    # The task worker stops when the database goes away under it (a restart): started again at once, as
    # systemd's Restart=always does in production (docs/operations.md).
    start(
        "worker",
        ["sh", "-c", f"while true; do {VENV / 'python'} manage.py db_worker; sleep 1; done"],
        env,
    )
    start(
        "scheduler",
        ["sh", "-c", f"while true; do {VENV / 'python'} manage.py publish_scheduled; sleep 60; done"],
        env,
    )
    for name, port in NODES.items():
        if not wait_for(f"http://127.0.0.1:{port}/healthz/", 60):
            sys.exit(f"cluster: {name} does not answer on {port} (see .cluster/logs/{name}.log)")
    start(
        "varnish",
        [
            "varnishd",
            "-F",
            f"-a{FRONT}",
            f"-f{ROOT / 'deploy' / 'varnish' / 'portal.vcl'}",
            f"-n{STATE / 'varnish'}",
            "-smalloc,128m",
            "-pfeature=+http2",
        ],
    )
    if not wait_for(f"http://{FRONT}/healthz/", 60):
        sys.exit("cluster: the front does not answer (see .cluster/logs/varnish.log)")
    log(f"up in {time.monotonic() - started:.0f} s: http://{FRONT}/ (nodes on 8001 and 8002)")


def down():
    pids = STATE / "pids"
    if not pids.exists():
        log("nothing runs")
        return
    for pid_file in sorted(pids.glob("*.pid")):
        pid = int(pid_file.read_text())
        if alive(pid):
            # The whole process group: gunicorn's workers, the scheduler's loop, Varnish's child.
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not alive(pid):
                    break
                time.sleep(0.2)
            else:
                os.killpg(pid, signal.SIGKILL)
        pid_file.unlink()
        log(f"stopped {pid_file.stem}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "up":
        up()
    elif command == "down":
        down()
    elif command == "manage":
        # A management command against the cluster: `python deploy/cluster.py manage createsuperuser`.
        manage(settings_env(), *sys.argv[2:])
    else:
        sys.exit("usage: cluster.py up|down|manage COMMAND...")
