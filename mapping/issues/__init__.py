"""Public issues in the Wagtail admin: the list with its deadlines, the edit form, the dashboard panel."""
