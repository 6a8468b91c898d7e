"""Idempotency tokens stored before their namespaces (migration mapping 0023): the public form's move to
`web:`, and the Open311 ones derived from a post's content are dropped."""

import importlib

import pytest
from django.apps import apps

from mapping.models import Report
from mapping.reports.tokens import partner_token, submission_digest, web_token
from tests.factories import PartnerApiKeyFactory, ReportFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("mapping.migrations.0023_report_submission_digest")


def test_stored_tokens_move_to_their_namespaces(map_tree):
    partner = PartnerApiKeyFactory(name="Приложение", contact_email="dev@example.kz")
    web = ReportFactory(idempotency_token="b" * 32)
    derived = ReportFactory(idempotency_token="c" * 32, partner=partner)
    demo = ReportFactory(idempotency_token="demo-report-7")
    migration.namespace_tokens(apps, None)
    tokens = dict(Report.objects.values_list("pk", "idempotency_token"))
    assert tokens[web.pk] == web_token("b" * 32)
    assert tokens[derived.pk] is None
    assert tokens[demo.pk] == "demo-report-7"


def test_namespaces_and_digests(map_tree):
    first = PartnerApiKeyFactory(name="Первый", contact_email="one@example.kz")
    second = PartnerApiKeyFactory(name="Второй", contact_email="two@example.kz")
    assert partner_token(first, "key-00001") != partner_token(second, "key-00001")
    assert partner_token(first, "key-00001") == partner_token(first, "key-00001")
    assert len(partner_token(first, "k" * 100)) <= 64
    assert submission_digest({"description": "а", "category": None}) == submission_digest(
        {"category": None, "description": "а"}
    )
    assert submission_digest({"description": "а"}) != submission_digest({"description": "б"})
