"""Staff triage of reports in the Wagtail admin: the queue and report view, routing to the competent
authority, rejecting or answering, publishing as an issue or linking to one, and their audit log."""
