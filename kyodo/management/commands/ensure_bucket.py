"""Create the object store's bucket if it is missing (MinIO, the topology's S3 server); with
files on disk, or a bucket that exists (AWS S3, made by the operator), it does nothing."""

from __future__ import annotations

from botocore.exceptions import ClientError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the S3 bucket of STORAGES['default'] if it does not exist yet."

    def handle(self, *args, **options) -> None:
        bucket_name = getattr(default_storage, "bucket_name", None)
        if not bucket_name:
            self.stdout.write("Files are stored on disk: no bucket to create.")
            return
        client = default_storage.connection.meta.client
        try:
            client.head_bucket(Bucket=bucket_name)
            self.stdout.write(f"Bucket {bucket_name} exists.")
        except ClientError:
            region = client.meta.region_name
            # Outside us-east-1 the S3 API wants the region named again.
            where = {} if region in (None, "us-east-1") else {
                "CreateBucketConfiguration": {"LocationConstraint": region}}
            client.create_bucket(Bucket=bucket_name, **where)
            self.stdout.write(f"Bucket {bucket_name} created.")
