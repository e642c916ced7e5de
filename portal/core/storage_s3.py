"""Attachments on S3-compatible object storage (AWS S3, MinIO, Scaleway, OVHcloud, Ceph...):
the interface of the local folder (save, read, put, delete), one object per attachment
under `ATTACHMENT_STORAGE=s3://bucket/prefix`.

Credentials come the usual boto3 way (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the
environment, or the machine's role); the endpoint and the region from the settings."""

import re
import secrets

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

KEY_PATTERN = re.compile(r"[a-f0-9]{48}")
MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    def __init__(self, bucket, prefix="", *, client, server_side_encryption=None, kms_key_id=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client
        # Asked for on every write where the store supports it (AWS, most others with a KMS).
        self.write_options = {}
        if server_side_encryption:
            self.write_options["ServerSideEncryption"] = server_side_encryption
            if kms_key_id:
                self.write_options["SSEKMSKeyId"] = kms_key_id

    @classmethod
    def from_url(cls, url, config):
        """The storage for a parsed `s3://bucket/prefix` URL and the app's S3_* settings."""
        if not url.netloc:
            raise ValueError("ATTACHMENT_STORAGE s3:// needs a bucket: s3://bucket/prefix")
        endpoint = config.get("S3_ENDPOINT_URL") or None
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint,
            region_name=config.get("S3_REGION") or None,
            config=BotoConfig(
                # Path-style URLs work on every S3-compatible store; AWS itself prefers its own choice.
                s3={"addressing_style": "path" if endpoint else "auto"},
                connect_timeout=5, read_timeout=60, retries={"max_attempts": 4, "mode": "standard"},
            ),
        )
        return cls(url.netloc, url.path, client=client,
                   server_side_encryption=config.get("S3_SERVER_SIDE_ENCRYPTION") or None,
                   kms_key_id=config.get("S3_SSE_KMS_KEY_ID") or None)

    def _object(self, key):
        if not KEY_PATTERN.fullmatch(key):
            raise ValueError("bad storage key")
        return f"{self.prefix}/{key}" if self.prefix else key

    def save(self, data):
        key = secrets.token_hex(24)
        self.put(key, data)
        return key

    def read(self, key):
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                raise FileNotFoundError(key) from error  # as the local folder says it
            raise
        with answer["Body"] as body:
            return body.read()

    def put(self, key, data):
        """Keep data under a key it already has (a restored backup), or a new one (save)."""
        self.client.put_object(Bucket=self.bucket, Key=self._object(key), Body=data,
                               ContentType="application/octet-stream", **self.write_options)

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self._object(key))  # no error when already gone
