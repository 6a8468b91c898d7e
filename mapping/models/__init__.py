"""The geo domain of the public control map (see DESIGN.md, "Domain (mapping)")."""

from mapping.models.geo import Area, Authority, Category
from mapping.models.issues import Issue, IssuePhoto, IssueStatus, IssueUpdate, SourceChannel
from mapping.models.pages import MapPage, ProblemObjectPage, ProblemObjectPhoto

__all__ = [
    "Area",
    "Authority",
    "Category",
    "Issue",
    "IssuePhoto",
    "IssueStatus",
    "IssueUpdate",
    "MapPage",
    "ProblemObjectPage",
    "ProblemObjectPhoto",
    "SourceChannel",
]
