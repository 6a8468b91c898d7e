"""The data of the public control map: areas, categories, authorities, issues, reports, monitoring, the
map's page types (see docs/architecture.md, "The domain")."""

from mapping.models.alerts import AlertFrequency, AlertSubscription
from mapping.models.approval import SecondPersonApprovalTask
from mapping.models.geo import Area, Authority, Category
from mapping.models.issue_parts import IssuePhoto, IssueUpdate
from mapping.models.issues import Issue, IssueStatus, SourceChannel
from mapping.models.monitoring import (
    MemberSector,
    MonitoringGroup,
    MonitoringGroupMember,
    MonitoringVisitPage,
    MonitoringVisitPhoto,
    Recommendation,
    RecommendationProgress,
    RecommendationStatus,
)
from mapping.models.pages import MapPage, ObjectType, ProblemObjectPage, ProblemObjectPhoto
from mapping.models.partners import PartnerApiKey
from mapping.models.report_page import ReportPage
from mapping.models.reports import Anonymity, Report, ReportPhoto, TriageState
from mapping.models.transparency_page import TransparencyPage
from mapping.models.verdicts import ResolutionVerdict, Verdict

__all__ = [
    "AlertFrequency",
    "AlertSubscription",
    "Anonymity",
    "Area",
    "Authority",
    "Category",
    "Issue",
    "IssuePhoto",
    "IssueStatus",
    "IssueUpdate",
    "MapPage",
    "MemberSector",
    "MonitoringGroup",
    "MonitoringGroupMember",
    "MonitoringVisitPage",
    "MonitoringVisitPhoto",
    "ObjectType",
    "PartnerApiKey",
    "ProblemObjectPage",
    "ProblemObjectPhoto",
    "Recommendation",
    "RecommendationProgress",
    "RecommendationStatus",
    "Report",
    "ReportPage",
    "ReportPhoto",
    "ResolutionVerdict",
    "SecondPersonApprovalTask",
    "SourceChannel",
    "TransparencyPage",
    "TriageState",
    "Verdict",
]
