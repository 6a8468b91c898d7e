"""Idempotency tokens of report submissions: one namespace per channel and partner, never content.

A token makes a submission idempotent: sent twice (a double click, a retry after a timeout), it gives
one report. Tokens are stored with the namespace of who may use them:

- `web:<32 hex>`: the public form's, a random value the form carries (`ReportForm`);
- `open311:<partner>:<digest>`: the key an Open311 partner sends with a post (`idempotency_key`, or the
  `Idempotency-Key` header), hashed so that any key of up to 100 characters fits. A partner that sends
  none gets a new report for each post.

So nobody can claim another channel's or partner's token, and no token can be guessed from a report's
content. The content itself is kept as a digest beside the token (`Report.submission_digest`): the same
token with other content is refused with a clear message (`SubmissionMismatch`), never dropped in silence.
"""

import hashlib
import json
import re

PARTNER_KEY_PATTERN = re.compile(r"[A-Za-z0-9._:~-]{8,100}")


class SubmissionMismatch(Exception):
    """The token was used already, by a submission with other content."""

    def __init__(self, report):
        super().__init__(report.pk)
        self.report = report


def web_token(value):
    return f"web:{value}"


def partner_token(partner, key):
    digest = hashlib.blake2b(key.encode(), digest_size=16, person=b"open311-key").hexdigest()
    return f"open311:{partner.pk}:{digest}"


def submission_digest(fields, processed_photos=()):
    """What a submission says, as a digest: its fields, and each photo's bytes."""
    digest = hashlib.sha256()
    canonical = {
        name: "" if value is None else str(getattr(value, "pk", value)) for name, value in fields.items()
    }
    digest.update(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode())
    for upload, _info in processed_photos:
        photo = hashlib.sha256()
        for chunk in upload.chunks():
            photo.update(chunk)
        upload.seek(0)
        digest.update(photo.digest())
    return digest.hexdigest()
