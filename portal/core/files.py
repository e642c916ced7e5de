"""Attachments: the type is told by the content, never by the name; files are kept outside
the web root under random names, on a storage backend: a local folder, or S3-compatible object
storage (portal.core.storage_s3), chosen by ATTACHMENT_STORAGE. An optional scanner checks each
upload before it is kept (portal.core.scanning)."""

import hashlib
import io
import re
import secrets
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import urlparse

from flask import Response, current_app
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.core import scanning
from portal.core.db import created_at_column
from portal.core.errors import OperationRefused
from portal.extensions import db, limiter

# What partners may attach: documents and images. Content type -> (label, extensions).
ACCEPTED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/msword": "Word 97",
    "application/vnd.ms-excel": "Excel 97",
}
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    id = db.Column(db.Integer, primary_key=True)
    storage_key = db.Column(db.String(80), nullable=False, unique=True)
    filename = db.Column(db.String(200), nullable=False)  # sanitised, for downloads only
    content_type = db.Column(db.String(120), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    uploaded_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()

    uploaded_by = db.relationship("User")

    @property
    def type_label(self):
        return ACCEPTED_TYPES.get(self.content_type, self.content_type)


def sniff_content_type(head, data=None):
    """The type of a file from its first bytes (and, for zip-based documents, its parts)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: legacy Office
        return "application/msword"
    if head.startswith(b"PK\x03\x04") and data is not None:
        return _zip_document_type(data)
    return None


def _zip_document_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in ACCEPTED_TYPES else None
            if "[Content_Types].xml" in names:
                for prefix, content_type in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return content_type
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def safe_filename(name):
    """A download name without paths, control characters or surprises; keeps letters of any script."""
    name = unicodedata.normalize("NFC", Path(name or "").name)
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", name).strip(" .")
    return (name or "attachment")[:200]


class LocalStorage:
    def __init__(self, folder):
        self.folder = Path(folder)

    def _path(self, key):
        if not re.fullmatch(r"[a-f0-9]{48}", key):
            raise ValueError("bad storage key")
        return self.folder / key[:2] / key

    def save(self, data):
        key = secrets.token_hex(24)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return key

    def read(self, key):
        return self._path(key).read_bytes()

    def put(self, key, data):
        """Keep data under a key it already has (a restored backup)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)


def storage():
    app = current_app
    if "file_storage" not in app.extensions:
        url = urlparse(app.config["ATTACHMENT_STORAGE"])
        if url.scheme == "file":
            app.extensions["file_storage"] = LocalStorage(url.path)
        elif url.scheme == "s3":
            # Imported here: boto3 is loaded only by the deployments that keep files on S3.
            from portal.core.storage_s3 import S3Storage

            app.extensions["file_storage"] = S3Storage.from_url(url, app.config)
        else:
            raise ValueError(f"unsupported ATTACHMENT_STORAGE {app.config['ATTACHMENT_STORAGE']!r}")
    return app.extensions["file_storage"]


def _upload_rate_limit():
    return current_app.config["UPLOAD_RATE_LIMIT"]


def _uploader():
    if current_user.is_authenticated:
        return f"upload:{current_user.id}"
    return f"upload:{get_remote_address()}"


# On every view that takes an upload: one budget per person, whichever form they use.
upload_rate_limit = limiter.shared_limit(_upload_rate_limit, scope="upload", key_func=_uploader, methods=["POST"])


def store_upload(upload, user):
    """Check an uploaded file by its content and keep it. Flushes; refuses with a message."""
    data = upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1)
    if not data:
        raise OperationRefused(_l("The file is empty."))
    if len(data) > current_app.config["MAX_CONTENT_LENGTH"]:
        raise OperationRefused(_l("The file is larger than the portal accepts."))
    content_type = sniff_content_type(data[:16], data)
    if content_type is None:
        raise OperationRefused(
            _l("This kind of file is not accepted. Attach PDF, Word, Excel, OpenDocument or image files.")
        )
    scanning.refuse_unless_clean(data, safe_filename(upload.filename), user)  # never stored unscanned
    stored = StoredFile(
        storage_key=storage().save(data),
        filename=safe_filename(upload.filename),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def download_response(stored):
    """A stored file as a download: never rendered by the browser in the portal's origin."""
    response = Response(storage().read(stored.storage_key), mimetype=stored.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=stored.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
