"""The geo domain of the public control map (see DESIGN.md, "Domain (mapping)")."""

from mapping.models.geo import Area, Authority, Category
from mapping.models.issues import Issue, IssuePhoto, IssueStatus, IssueUpdate, SourceChannel
from mapping.models.pages import MapPage, ProblemObjectPage, ProblemObjectPhoto
from mapping.models.partners import PartnerApiKey
from mapping.models.report_page import ReportPage
from mapping.models.reports import Anonymity, Report, ReportPhoto, TriageState

__all__ = [
    "Anonymity",
    "Area",
    "Authority",
    "Category",
    "Issue",
    "IssuePhoto",
    "IssueStatus",
    "IssueUpdate",
    "MapPage",
    "PartnerApiKey",
    "ProblemObjectPage",
    "ProblemObjectPhoto",
    "Report",
    "ReportPage",
    "ReportPhoto",
    "SourceChannel",
    "TriageState",
]
