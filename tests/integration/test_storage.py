"""Attachments on S3-compatible storage, the virus scan before anything is kept, and the rate
limits on uploads and invitations."""

import io
import shlex
import sys

import boto3
import pytest
from moto import mock_aws
from sqlalchemy import func, select

from portal import create_app
from portal.config import TestingConfig
from portal.core.audit import AuditEvent
from portal.core.files import StoredFile, storage
from portal.core.storage_s3 import S3Storage
from portal.extensions import db
from portal.grants.models import Proposal
from portal.ops import backup
from tests.factories import make_call, make_organisation, make_partner, make_user
from tests.integration.test_backup import empty_database_like
from tests.integration.test_proposals import start
from tests.integration.test_reports import make_grant, report_of

REGION = "eu-west-3"
BUCKET = "thb-attachments"
PDF = b"%PDF-1.7 plan d'action " + "Тирана".encode()
# The standard anti-virus test string: harmless, and found by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture
def call(app):
    return make_call()


@pytest.fixture
def partner(app):
    return make_partner(organisation=make_organisation(name="Atina", country_code="RS", locale="sr"), locale="en")


@pytest.fixture
def s3(app, monkeypatch):
    """An S3 store in the process (moto) with the portal's bucket, and the app keeping its
    attachments there, under a prefix, encrypted by the store."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        monkeypatch.setitem(app.config, "ATTACHMENT_STORAGE", f"s3://{BUCKET}/portal/files")
        monkeypatch.setitem(app.config, "S3_REGION", REGION)
        monkeypatch.setitem(app.config, "S3_SERVER_SIDE_ENCRYPTION", "AES256")
        app.extensions.pop("file_storage", None)
        yield client
        app.extensions.pop("file_storage", None)


@pytest.fixture
def local_folder(app, monkeypatch, tmp_path):
    folder = tmp_path / "attachments"
    monkeypatch.setitem(app.config, "ATTACHMENT_STORAGE", f"file://{folder}")
    app.extensions.pop("file_storage", None)
    yield folder
    app.extensions.pop("file_storage", None)


def upload(client, proposal, data, name="plan.pdf"):
    return client.post(f"/proposals/{proposal.id}/attachments", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def objects(client, bucket=BUCKET):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def stored_count():
    return db.session.scalar(select(func.count()).select_from(StoredFile))


# --- S3-compatible storage ---------------------------------------------------------------------------


def test_an_upload_lands_in_the_bucket_downloads_back_identical_and_deletes(client, auth, call, partner, s3):
    auth.login(partner)
    proposal = start(client, call, partner)
    assert upload(client, proposal, PDF, "Plan d'action.pdf").status_code == 302
    stored = db.session.scalar(select(StoredFile))
    assert isinstance(storage(), S3Storage)
    assert objects(s3) == [f"portal/files/{stored.storage_key}"]  # under its random key, not its name
    kept = s3.get_object(Bucket=BUCKET, Key=f"portal/files/{stored.storage_key}")
    assert kept["Body"].read() == PDF and kept["ServerSideEncryption"] == "AES256"

    attachment = db.session.get(Proposal, proposal.id).attachments[0]
    download = client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")

    storage().delete(stored.storage_key)
    assert objects(s3) == []
    with pytest.raises(FileNotFoundError):
        storage().read(stored.storage_key)
    storage().delete(stored.storage_key)  # deleting again is no error
    with pytest.raises(ValueError, match="bad storage key"):
        storage().read("../../etc/passwd")


def test_an_s3_compatible_store_is_reached_at_its_own_endpoint(app, s3, monkeypatch):
    monkeypatch.setitem(app.config, "S3_ENDPOINT_URL", "https://s3.fr-par.scw.cloud")
    monkeypatch.setitem(app.config, "ATTACHMENT_STORAGE", "s3://thb-other-store")
    app.extensions.pop("file_storage", None)
    store = storage()
    assert store.client.meta.endpoint_url == "https://s3.fr-par.scw.cloud"
    assert store.bucket == "thb-other-store" and store.prefix == ""
    assert store.client.meta.config.s3["addressing_style"] == "path"


def test_a_backup_of_s3_attachments_restores_into_another_bucket(app, client, auth, call, partner, s3, tmp_path):
    auth.login(partner)
    proposal = start(client, call, partner)
    assert upload(client, proposal, PDF).status_code == 302
    key = db.session.scalar(select(StoredFile.storage_key))
    archive = tmp_path / "portal.tar.gz"
    manifest = backup.backup(archive)
    assert manifest["attachments"] == 1

    s3.create_bucket(Bucket="thb-restored", CreateBucketConfiguration={"LocationConstraint": REGION})
    target = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_like(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path), ATTACHMENT_STORAGE="s3://thb-restored/restored",
        S3_REGION=REGION)
    with target.app_context():
        restored = backup.restore(archive)
        assert restored["rows"] == manifest["rows"]
        assert storage().read(key) == PDF
        db.session.remove()
        db.engine.dispose()
    assert objects(s3, "thb-restored") == [f"restored/{key}"]


# --- the virus scan ------------------------------------------------------------------------------


FAKE_SCANNER = """
import sys, time
data = sys.stdin.buffer.read()
if "hang" in sys.argv[1:]:
    time.sleep(10)
if "broken" in sys.argv[1:]:
    print("ERROR: Could not connect to clamd", file=sys.stderr)
    sys.exit(2)
if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
    print("stdin: Eicar-Test-Signature FOUND")
    sys.exit(1)
print("stdin: OK")
"""


@pytest.fixture
def scanner(app, monkeypatch, tmp_path):
    """Sets a fake scanner (clamdscan's exit codes) as the app's ATTACHMENT_SCANNER."""
    script = tmp_path / "fake_clamdscan.py"
    script.write_text(FAKE_SCANNER)

    def configure(*arguments, timeout=30):
        command = " ".join(shlex.quote(part) for part in (sys.executable, str(script), *arguments))
        monkeypatch.setitem(app.config, "ATTACHMENT_SCANNER", command)
        monkeypatch.setitem(app.config, "ATTACHMENT_SCAN_TIMEOUT", timeout)

    return configure


def test_an_infected_upload_is_refused_recorded_and_never_stored(client, auth, call, partner, local_folder,
                                                                  scanner):
    scanner()
    auth.login(partner)
    proposal = start(client, call, partner)
    response = upload(client, proposal, b"%PDF-1.7 " + EICAR, "rapport.pdf")
    assert response.status_code == 422
    assert "contains a virus or other malicious content and was not kept" in response.get_data(as_text=True)
    assert stored_count() == 0 and not local_folder.exists()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "file.infected"))
    assert event.actor_id == partner.id
    assert event.after["file"] == "rapport.pdf" and "Eicar" in event.after["finding"]


def test_a_clean_upload_passes_the_scanner(client, auth, call, partner, local_folder, scanner):
    scanner()
    auth.login(partner)
    proposal = start(client, call, partner)
    assert upload(client, proposal, PDF).status_code == 302
    assert stored_count() == 1 and len([path for path in local_folder.rglob("*") if path.is_file()]) == 1


@pytest.mark.parametrize("failure", ["broken", "hang", "missing"])
def test_a_failing_scanner_refuses_the_upload_rather_than_keep_it_unscanned(app, client, auth, call, partner,
                                                                            local_folder, scanner, monkeypatch,
                                                                            caplog, failure):
    if failure == "missing":
        monkeypatch.setitem(app.config, "ATTACHMENT_SCANNER", "/nonexistent/clamdscan --no-summary --fdpass -")
    else:
        scanner(failure, timeout=0.5 if failure == "hang" else 30)
    # To caplog, whatever the JSON log test or Alembic's fileConfig did to the app's logger before.
    monkeypatch.setattr(app.logger, "propagate", True)
    monkeypatch.setattr(app.logger, "disabled", False)
    auth.login(partner)
    proposal = start(client, call, partner)
    response = upload(client, proposal, PDF)
    assert response.status_code == 422
    assert "could not be checked for viruses and was not kept. Please try again later." in response.get_data(
        as_text=True)
    assert stored_count() == 0 and not local_folder.exists()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "file.infected")) is None
    assert any(record.levelname == "ERROR" and "scanner" in record.getMessage() for record in caplog.records)


# --- rate limits ---------------------------------------------------------------------------------


def test_uploads_beyond_the_limit_answer_429_and_store_nothing(app, client, auth, call, partner, local_folder,
                                                               monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_RATE_LIMIT", "2 per minute")
    auth.login(partner)
    proposal = start(client, call, partner)
    report = report_of(make_grant(partner.organisations[0]))
    assert upload(client, proposal, PDF).status_code == 302
    assert client.post(f"/reports/{report.id}/receipts", data={
        "file": (io.BytesIO(PDF), "receipt.pdf"), "line_id": ""}).status_code == 302
    # The budget is the person's, over both upload forms.
    response = upload(client, proposal, PDF)
    assert response.status_code == 429 and "Too many attempts" in response.get_data(as_text=True)
    assert client.post(f"/reports/{report.id}/receipts", data={
        "file": (io.BytesIO(PDF), "receipt.pdf"), "line_id": ""}).status_code == 429
    assert stored_count() == 2

    colleague = make_partner(organisation=partner.organisations[0])
    auth.login(colleague)
    assert upload(client, proposal, PDF).status_code == 302  # someone else's budget is their own


def test_invitations_beyond_the_limit_answer_429(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "INVITATION_RATE_LIMIT", "1 per minute")
    auth.login(make_user("mission"))
    invite = {"name": "Katharina Weber", "role": "reviewer", "locale": "en"}
    assert client.post("/people/invite", data={**invite, "email": "kw@experts.example"}).status_code == 302
    assert client.post("/people/invite", data={**invite, "email": "other@experts.example"}).status_code == 429
